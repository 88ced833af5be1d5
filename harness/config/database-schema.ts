/** The contract's `database` section: which Postgres, the migrations, and how the service uses RLS. */
import { z } from 'zod';

/** A table name as written in SQL: `schema.table` or a bare `table`. */
const tableName = z.string().regex(/^[^.\s]+(\.[^.\s]+)?$/, '`table` or `schema.table`');

export const database = z
  .strictObject({
    provider: z
      .enum(['auto', 'embedded', 'container', 'url'])
      .default('auto')
      .meta({
        description:
          'Where Postgres comes from. `auto`: `database.url` if given, else a container when Docker answers (with `@testcontainers/postgresql` installed), else embedded Postgres; `url`: an existing server.',
        examples: ['embedded'],
      }),
    url: z
      .string()
      .url()
      .optional()
      .meta({
        description: 'Admin URL of an existing server (provider `url`, or `auto`); each run creates and drops its own database on it.',
        examples: ['postgres://postgres:postgres@127.0.0.1:5432/postgres'],
      }),
    image: z
      .string()
      .optional()
      .meta({ description: 'Container provider: the image to run (default `postgres:18-alpine`).', examples: ['postgres:17'] }),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .meta({ description: 'Port Postgres listens on; default a free one.', examples: [55432] }),
    cluster: z
      .enum(['auto', 'cached', 'throwaway'])
      .default('auto')
      .meta({
        description:
          'Embedded provider: `cached` keeps an initialised cluster between runs and starts it in place, `throwaway` makes a new one per run; `auto` is cached on a workstation and throwaway in CI (the `CI` environment variable), where isolation between runs matters more than a second.',
        examples: ['throwaway'],
      }),
    migrations: z
      .union([
        z.strictObject({
          files: z
            .array(z.string().min(1))
            .min(1)
            .meta({ description: 'SQL files applied in order on the admin connection, relative to the config file.', examples: [['migrations/001_init.sql']] }),
        }),
        z.strictObject({
          command: z
            .array(z.string().min(1))
            .min(1)
            .meta({
              description:
                "A command (program and arguments) that migrates, run with `DATABASE_URL` and `DATABASE_ADMIN_URL` set to the admin URL and `DATABASE_APP_URL` to the application role's; exit 0 means migrated.",
              examples: [['npm', 'run', 'migrate']],
            }),
          cwd: z
            .string()
            .optional()
            .meta({ description: "The command's working directory, relative to the config file (default its folder).", examples: ['../api'] }),
        }),
      ])
      .meta({ description: "How the service's schema is created: `{ files }` or `{ command, cwd? }`." }),
    appRole: z
      .strictObject({
        name: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
          .meta({ description: 'The role the service connects as.', examples: ['app_user'] }),
        password: z
          .string()
          .min(1)
          .meta({ description: "The role's password (the harness sets it).", examples: ['change-me'] }),
        create: z
          .boolean()
          .default(true)
          .meta({
            description:
              '`true`: the harness creates the role (login, no superuser, no BYPASSRLS) or resets its password before the migrations; `false`: the migrations create it, and the harness sets its password and grants it CONNECT after them.',
            examples: [false],
          }),
        requestRole: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
          .optional()
          .meta({
            description:
              "For a service that logs in as `name` and switches role per request (`SET LOCAL ROLE`, `set_config('role', ..., true)`), as database-first API servers do: the role its requests run as. Raw-SQL probes then connect as `name` and switch to it inside each transaction, and the privileges, views and functions they attack are this role's; both roles are audited. When the service picks the role from a token claim, name the one the provisioned users' claims give (roles without extra rights of their own).",
            examples: ['web_user'],
          }),
      })
      .meta({ description: 'The application role: RLS is proven for the role the service connects as, which must not own the tables.' }),
    context: z
      .strictObject({
        tenantSetting: z
          .string()
          .min(3)
          .meta({
            description: 'The setting the service sets per request (`set_config`) to the tenant, which the RLS policies read.',
            examples: ['app.current_tenant'],
          }),
        userSetting: z
          .string()
          .min(3)
          .optional()
          .meta({ description: 'The same for the user, when policies read one.', examples: ['app.current_user'] }),
      })
      .meta({ description: 'The settings that carry tenant and user context to the RLS policies.' }),
    tenantColumn: z
      .string()
      .default('tenant_id')
      .meta({ description: "The column holding a row's tenant in tenant-scoped tables (a resource may name its own).", examples: ['account_id'] }),
    userColumn: z
      .string()
      .default('user_id')
      .meta({ description: "The column holding a row's owner in user-scoped tables (a resource may name its own).", examples: ['owner_id'] }),
    tenantRegistry: z
      .strictObject({
        table: tableName.meta({
          description: 'The table whose rows are the tenants, schema-qualified or bare (a bare name matches that table in any schema).',
          examples: ['app.companies'],
        }),
        idColumn: z
          .string()
          .min(1)
          .default('id')
          .meta({ description: "Its key, which is the tenant's id: it plays the tenant column for this table.", examples: ['company_id'] }),
      })
      .optional()
      .meta({
        description:
          'The tenant registry: the table of the tenants themselves, keyed by the tenant id and without a tenant column. It is discovered, probed (DB-1..4) and audited (DB-6, MIG-2) as a tenant table whose tenant column is its id, so a policy `id = current_setting(...)` is correct for it.',
      }),
    exempt: z
      .array(
        z.strictObject({
          table: tableName.meta({ description: 'The table, schema-qualified or bare.', examples: ['app.plans'] }),
          reason: z
            .string()
            .min(3)
            .meta({ description: 'Why it holds no tenant data (shown in the verdicts).', examples: ['price list shared by every tenant'] }),
        }),
      )
      .default([])
      .meta({
        description:
          'Tables without a tenant column on purpose (lookup or reference data): not findings in DB-6 or MIG-2, listed with their reason in the verdict details. One that does carry the tenant column is reported, and audited as a tenant table.',
        examples: [[{ table: 'app.plans', reason: 'price list shared by every tenant' }]],
      }),
    newKeys: z
      .record(
        tableName.meta({ description: 'The table, schema-qualified or bare.', examples: ['app.items'] }),
        z
          .string()
          .min(1)
          .meta({
            description: "An SQL expression, evaluated as the application role in the copy's INSERT, that yields a new valid key.",
            examples: ['gen_random_uuid()::text'],
          }),
      )
      .default({})
      .meta({
        description:
          "How to mint a new key for a copy of a row, per table, where its key has no default: the raw-SQL write probes (DB-1, DB-3) insert copies of rows, and the rightful insert must succeed. Without an entry the key is shaped like the copied row's (`itm_ab12` becomes `itm_xq90`, a uuid stays a uuid); declare one when the table checks more than the shape. It applies to the key column the harness mints: the key, or of a composite key, its one column that is neither the tenant or user column nor (given the choice) a foreign key.",
        examples: [{ 'app.items': "'itm_' || substr(md5(random()::text), 1, 20)" }],
      }),
  })
  .meta({ description: 'The database: which Postgres to start or use, the migrations, the application role, and the RLS context settings and columns.' });
