/** The contract's `provisioning` section: how many tenants and users, and how each is created. */
import { z } from 'zod';
import type pg from 'pg';
import { fn, type Actor } from './schema-primitives.ts';

/** The tenant a `createTenant` hook creates; `id` is a fresh uuid unless the hook returns the database's own. */
export interface NewTenant {
  id: string;
  name: string;
  /** Unique and URL-safe; a `createTenant` statement that returns a `slug` column replaces it. */
  slug: string;
  index: number;
}

/** The user a `createUser` hook creates, in a tenant already created; `id` as for a tenant. */
export interface NewUser extends Actor {
  index: number;
  tenantIndex: number;
}

/** A `createTenant` or `createUser` hook, as the schema resolves it. */
export type ProvisioningHook<E> = { sql: string; params: (entity: E) => unknown[] } | ((admin: pg.ClientBase, entity: E) => Promise<string | number | void>);

/**
 * A provisioning statement. When the database mints the id (identity, sequence, opaque text), the
 * statement returns it: a column named `id`, or its only column (`returning uid`).
 */
const hook = <E>(entity: string, fields: string, example: { sql: string; params: string }) =>
  z
    .union([
      z.strictObject({
        sql: z
          .string()
          .min(1)
          .meta({
            description: `SQL run on the admin connection to create one ${entity}; when the database mints the id, it returns it (a column named \`id\`, or its only column).`,
            examples: [example.sql],
          }),
        params: fn<(entity: E) => unknown[]>('entity => parameters').meta({
          description: `A function of the ${entity} (${fields}) returning the statement's parameters.`,
          examples: [example.params],
        }),
      }),
      fn<(admin: pg.ClientBase, entity: E) => Promise<string | number | void>>('(admin, entity) => Promise<id | void>'),
    ])
    .meta({
      description: `How a ${entity} is created: \`{ sql, params }\`, or a function of the admin connection (a \`pg\` client) and the ${entity} (${fields}) that creates it and resolves to the id the database minted, if it did.`,
    });

export const provisioning = z
  .strictObject({
    tenants: z
      .number()
      .int()
      .min(2)
      .default(3)
      .meta({ description: 'How many tenants are provisioned; at least 2, since isolation needs a victim.', examples: [4] }),
    usersPerTenant: z
      .number()
      .int()
      .min(2)
      .default(2)
      .meta({ description: 'Users per tenant; at least 2, since user scope needs a victim too.', examples: [3] }),
    resourcesPerUser: z
      .number()
      .int()
      .min(1)
      .default(2)
      .meta({ description: 'Rows of each resource every user gets, each carrying canaries.', examples: [1] }),
    roles: z
      .array(z.string().min(1))
      .min(1)
      .default(['member'])
      .meta({ description: "Role claim values, dealt to each tenant's users in turn.", examples: [['owner', 'member']] }),
    createTenant: hook<NewTenant>(
      'tenant',
      '`{ id, name, slug, index }`, `id` a fresh uuid, `slug` unique and URL-safe (a returned `slug` column replaces it)',
      {
        sql: 'insert into tenants (id, name) values ($1, $2)',
        params: '(t) => [t.id, t.name]',
      },
    ),
    createUser: hook<NewUser>('user', '`{ id, tenantId, tenantName, tenantSlug, email, name, role, index, tenantIndex }`, `id` a fresh uuid', {
      sql: 'insert into users (id, tenant_id, email, role) values ($1, $2, $3, $4)',
      params: '(u) => [u.id, u.tenantId, u.email, u.role]',
    }),
  })
  .meta({ description: 'Provisioning: the tenants and users the harness creates on its admin connection before the checks, as a sign-up flow would.' });
