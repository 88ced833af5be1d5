/** The contract's `database` section: which Postgres, the migrations, and how the service uses RLS. */
import { z } from 'zod';

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
  })
  .meta({ description: 'The database: which Postgres to start or use, the migrations, the application role, and the RLS context settings and columns.' });
