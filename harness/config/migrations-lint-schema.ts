/** The contract's `migrationsLint` section: the migration guardrails (MIG-1..4). */
import { z } from 'zod';

const nameTemplate = z.string().refine((t) => t.split('{name}').length === 2, 'a file name template containing {name} exactly once');

export const migrationsLint = z
  .strictObject({
    paths: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'SQL files or directories to lint, relative to the config file.', examples: [['migrations']] }),
    rollback: z
      .strictObject({
        forward: nameTemplate.default('{name}.sql').meta({ description: 'The file name of a forward migration, `{name}` once.', examples: ['{name}.up.sql'] }),
        rollback: nameTemplate.meta({ description: 'The file name of its rollback, `{name}` once.', examples: ['{name}.down.sql'] }),
      })
      .optional()
      .meta({ description: 'The rollback naming convention; MIG-4 (every migration has a rollback) is checked only with one.' }),
    baseline: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({
        description: 'The schema the migrations are diffed against, SQL files applied in order; MIG-3 is checked only with one.',
        examples: [['schema/baseline.sql']],
      }),
  })
  .meta({
    description:
      'Migration guardrails (MIG-1..4), linted with the real Postgres parser; `tenantproof lint-migrations` runs the same without starting anything. Without this section the MIG suite is skipped.',
  });
