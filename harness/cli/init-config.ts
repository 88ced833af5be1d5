/**
 * `tenantproof init`: writes a commented `tenantproof.config.ts` for a new service. Every key a
 * service usually has to set is present with a comment saying what it means and its default, so
 * the first `certify` fails on a key path the user has not filled in rather than on a guess.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TenantproofError } from '../errors/index.ts';
import { renderDraft } from './draft/render-draft.ts';

/** The text of a commented starter contract for a service called `name`. */
export function configTemplate(name: string): string {
  return `/**
 * tenantproof contract for ${name}: how to start it, how it authenticates, how tenants and users
 * are created and, per resource, how each operation is requested and how success and refusal look.
 * Every key, its default and meaning: node_modules/tenantproof/docs/contract.md. Run: npx tenantproof certify --config ${'<this file>'}
 */
import { defineConfig } from 'tenantproof';

const json = (res: { json: unknown }) => res.json as Record<string, unknown> | undefined;

export default defineConfig({
  name: ${JSON.stringify(name)},
  database: {
    // auto: database.url if given, else a container when Docker is reachable, else embedded Postgres.
    provider: 'auto',
    // SQL files applied in order (or { command: ['npm', 'run', 'migrate'] } run with DATABASE_URL set).
    migrations: { files: ['migrations/001_init.sql'] },
    // The role your application connects as: RLS is only proven for a role that is not the owner.
    appRole: { name: 'app_user', password: 'change-me' },
    // The settings your code sets per request (set_config) that your RLS policies read.
    context: { tenantSetting: 'app.current_tenant', userSetting: 'app.current_user' },
    tenantColumn: 'tenant_id', // default 'tenant_id'
    userColumn: 'user_id', // default 'user_id'
  },
  identity: {
    // tenantproof is the identity provider: jwks (your service fetches the JWKS URL it is given),
    // public-key (a PEM in its environment) or shared-secret (HS256).
    mode: 'jwks',
    algorithms: ['RS256'],
    // The claim names your service reads (defaults shown).
    claims: { user: 'sub', tenant: 'tenant_id', role: 'role', mfa: 'amr' },
    // Where the token travels: header (default authorization: Bearer), { in: 'cookie', name } or { in: 'query', name }.
    transport: { in: 'header', name: 'authorization', scheme: 'Bearer' },
  },
  target: {
    // How to start your service; it must listen on the PORT it is given. (Or url: for a running one.)
    command: ['npm', 'start'],
    // Polled until it answers any 2xx; or say how: healthMethod: 'HEAD', healthy: [204] or (res) => res.json?.status === 'ok'.
    healthPath: '/health',
    // Environment from what tenantproof computed: database URL, port, JWKS URL, issuer, audience.
    env: (c) => ({ PORT: String(c.port), DATABASE_URL: c.databaseUrl, JWKS_URL: c.jwksUrl ?? '', JWT_ISSUER: c.issuer, JWT_AUDIENCE: c.audience }),
  },
  provisioning: {
    tenants: 3, // at least 2: isolation needs a victim
    usersPerTenant: 2,
    resourcesPerUser: 2,
    roles: ['member'],
    // Tenants and users are created on tenantproof's admin connection, like your sign-up flow would.
    // When the database mints the id, return it: 'insert into orgs (name) values ($1) returning id'.
    createTenant: { sql: 'insert into tenants (id, name) values ($1, $2)', params: (t) => [t.id, t.name] },
    createUser: { sql: 'insert into users (id, tenant_id, email, role) values ($1, $2, $3, $4)', params: (u) => [u.id, u.tenantId, u.email, u.role] },
  },
  resources: {
    // One entry per tenant-owned resource. Every request builder gets a canary to embed, so a leak
    // anywhere in a response is traced back to its owner.
    items: {
      scope: 'tenant', // 'tenant': any user of the tenant may see it; 'user': only its owner
      table: 'items',
      // When API ids are not the stored key (GraphQL global ids, hashids), map them back:
      // storedId: (id) => Buffer.from(id, 'base64').toString().split(':')[1],
      create: {
        request: ({ canary, text }) => ({ method: 'POST', path: '/items', body: { name: \`\${text} \${canary}\` } }),
        id: (res) => json(res)?.id as string | undefined,
      },
      read: { request: ({ id }) => ({ method: 'GET', path: \`/items/\${encodeURIComponent(id)}\` }) },
      list: {
        request: () => ({ method: 'GET', path: '/items' }),
        items: (res) => (json(res)?.items as unknown[] | undefined) ?? [],
      },
      update: { request: ({ id, canary }) => ({ method: 'PATCH', path: \`/items/\${encodeURIComponent(id)}\`, body: { name: canary } }) },
      delete: { request: ({ id }) => ({ method: 'DELETE', path: \`/items/\${encodeURIComponent(id)}\` }) },
      // Every operation is optional. A read of several ids in one request is checked like a read:
      // batch: { request: ({ ids }) => ({ method: 'POST', path: '/items:batchGet', body: { ids } }), items: (res) => json(res)?.items as unknown[] },
    },
    // A resource nested under another gets the parent's id in every builder:
    // parts: { scope: 'tenant', table: 'parts', parent: { resource: 'items', column: 'item_id' },
    //   create: { request: ({ parentId, canary }) => ({ method: 'POST', path: \`/items/\${parentId}/parts\`, body: { name: canary } }), id: ... }, ... },
    // A read-only resource (a view, a directory filled by SQL) has a seed instead of create:
    // cards: { scope: 'tenant', table: 'cards', seed: { sql: 'insert into cards (tenant_id, name) values ($1, $2) returning id', params: ({ actor, canary }) => [actor.tenantId, canary] }, list: { ... } },
  },
  // How success and refusal look (status sets, or predicates over the whole response for e.g. a
  // GraphQL server that refuses with 200 and an errors array). Defaults shown.
  expectations: { succeeded: [200, 201, 202, 204], refused: [403, 404], unauthenticated: [401], identityIncomplete: [401] },
  // Cases per property for each --profile (defaults shown; nightly also stops after its time budget).
  profiles: { quick: { numRuns: 10 }, ci: { numRuns: 30 }, nightly: { numRuns: 300, timeBudgetSeconds: 1800 }, certify: { numRuns: 100 } },
});
`;
}

/** Where `init` writes: refuses to overwrite an existing file unless `force`. */
function initTarget(file: string, force: boolean | undefined): string {
  const target = path.resolve(file);
  if (existsSync(target) && !force) throw new TenantproofError('INIT_EXISTS', `init: ${target} already exists (pass --force to overwrite)`);
  return target;
}

/** Writes the starter contract to `file`; refuses to overwrite an existing file unless `force`. */
export function initConfig(file: string, options: { name?: string; force?: boolean } = {}): string {
  const target = initTarget(file, options.force);
  const name = options.name ?? path.basename(path.dirname(target));
  writeFileSync(target, configTemplate(name));
  return target;
}

/** What a draft is made from: an OpenAPI document, or a GraphQL schema file or endpoint URL. */
export type DraftSource = { openapi: string } | { graphql: string };

/**
 * Writes a draft contract inferred from an API description (`init --from-openapi`,
 * `--from-graphql`): resources, operations, ids and transport filled in, a TODO wherever the
 * description cannot say. The service's name is the document's title, else the folder's.
 */
export async function initDraft(file: string, from: DraftSource, options: { force?: boolean } = {}): Promise<string> {
  const target = initTarget(file, options.force);
  const fallback = path.basename(path.dirname(target));
  const draft =
    'openapi' in from
      ? await (
          await drafter(() => import('./draft/openapi-draft.ts'), '@apidevtools/swagger-parser', '--from-openapi')
        ).draftFromOpenApi(from.openapi, fallback, `tenantproof init --from-openapi ${from.openapi}`)
      : await (
          await drafter(() => import('./draft/graphql-draft.ts'), 'graphql', '--from-graphql')
        ).draftFromGraphql(from.graphql, fallback, `tenantproof init --from-graphql ${from.graphql}`);
  writeFileSync(target, renderDraft(draft));
  return target;
}

/**
 * The parsers are optional peers, loaded only by `init`: a certify-only install stays small, and
 * a missing one is named with the command that installs it.
 */
async function drafter<T>(load: () => Promise<T>, parser: string, flag: string): Promise<T> {
  try {
    return await load();
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((cause as Error).message).includes(parser);
    if (!missing) throw cause;
    throw new TenantproofError('INIT_PARSER_MISSING', `init ${flag} needs ${parser}, which is not installed: npm install -D ${parser}`, { cause });
  }
}
