/** The contract's `audit` section: where the service records security events, and their names (AUD-1, PO-2). */
import { z } from 'zod';
import { fn } from './schema-primitives.ts';

/** One audit record as a log-line parser returns it; fields absent from the line stay undefined. */
export interface AuditEntry {
  action: string;
  at?: string | Date;
  actor?: string | null;
  tenant?: string | null;
}

const column = (what: string, name: string) =>
  z
    .string()
    .default(name)
    .meta({ description: `The column holding ${what}.` });

export const audit = z
  .strictObject({
    sink: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('table').meta({ description: '`table`: a table read on the admin connection; `log`: a log file read with a line parser.' }),
          table: z
            .string()
            .min(1)
            .meta({ description: 'The audit table.', examples: ['audit_log'] }),
          columns: z
            .strictObject({
              at: column('when the event happened', 'at'),
              actor: column('the acting user', 'actor_id'),
              tenant: column("the actor's tenant", 'tenant_id'),
              action: column('the action value', 'action'),
            })
            .prefault({})
            .meta({ description: "The audit table's columns." }),
        }),
        z.strictObject({
          kind: z.literal('log'),
          file: z
            .string()
            .min(1)
            .optional()
            .meta({
              description: "The log file, relative to the config file (default: the target's own output as the harness captured it).",
              examples: ['logs/audit.log'],
            }),
          parse: fn<(line: string) => AuditEntry | undefined>('line => entry | undefined').meta({
            description: 'A function of one log line returning the record it carries (`{ action, at?, actor?, tenant? }`), or undefined for other lines.',
            examples: ["(line) => (line.startsWith('{') ? JSON.parse(line).audit : undefined)"],
          }),
        }),
      ])
      .meta({ description: "Where the audit records are: `{ kind: 'table', table, columns? }` or `{ kind: 'log', file?, parse }`." }),
    actions: z
      .strictObject({
        refusedToken: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The action recorded when a token is refused.', examples: ['auth.refused'] }),
        crossTenant: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The action recorded when a cross-tenant request is refused.', examples: ['access.denied'] }),
        platformAccess: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The action recorded when a platform owner reaches into a tenant (PO-2).', examples: ['platform.access'] }),
      })
      .meta({ description: 'The action value of each event kind the harness causes; an undeclared one is not checked.' }),
  })
  .meta({
    description:
      'The audit sink (AUD-1, PO-2): every refused token, refused cross-tenant request and platform-owner access must leave a record, counted in a window opened just before each probe. Without this section AUD-1 is skipped.',
  });
