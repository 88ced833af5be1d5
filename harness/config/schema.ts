/**
 * The target contract as a zod schema: validation with defaults, so a wrong config fails before
 * anything starts, naming the key path, what was expected and what was found.
 */
import { z } from 'zod';
import type pg from 'pg';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';

const fn = <T>(what: string) =>
  z.custom<T>((v) => typeof v === 'function', { message: `a function (${what})` });

/** How success or refusal looks: a set of statuses, or a predicate over the whole response. */
export type Expectation = readonly number[] | ((res: ProbeResponse) => boolean);
const expectation = z.union([z.array(z.number().int().min(100).max(599)).min(1), fn<(res: ProbeResponse) => boolean>('response => boolean')]);

/** A provisioned user acting on the target; ids are strings whatever the target's id type. */
export interface Actor {
  id: string;
  tenantId: string;
  role: string;
  email: string;
  name: string;
}

/** Arguments the harness hands a create or update builder: `canary` must end up stored. */
export interface WriteArgs {
  actor: Actor;
  canary: string;
  /** Realistic filler text from faker, seeded from the run seed. */
  text: string;
}
export interface IdArgs {
  actor: Actor;
  id: string;
}
export interface ListArgs {
  actor: Actor;
  /** A search term; undefined means an unfiltered list. */
  search?: string;
}

const operationBase = {
  succeeded: expectation.optional(),
  refused: expectation.optional(),
  unauthenticated: expectation.optional(),
  identityIncomplete: expectation.optional(),
};

const sqlHook = z.strictObject({
  sql: z.string().min(1),
  params: fn<(entity: Record<string, unknown>) => unknown[]>('entity => parameters'),
});
const hook = z.union([sqlHook, fn<(admin: pg.ClientBase, entity: Record<string, unknown>) => Promise<string | number | void>>('(admin, entity) => Promise<id | void>')]);

const resource = z.strictObject({
  scope: z.enum(['tenant', 'user']),
  table: z.string().min(1),
  idColumn: z.string().default('id'),
  tenantColumn: z.string().optional(),
  userColumn: z.string().optional(),
  create: z.strictObject({
    request: fn<(args: WriteArgs) => ProbeRequest>('args => request'),
    id: fn<(res: ProbeResponse) => string | number | undefined>('response => created id'),
    ...operationBase,
  }),
  read: z.strictObject({ request: fn<(args: IdArgs) => ProbeRequest>('args => request'), ...operationBase }).optional(),
  list: z
    .object({
      request: fn<(args: ListArgs) => ProbeRequest>('args => request'),
      items: fn<(res: ProbeResponse) => unknown[]>('response => items'),
      ...operationBase,
    })
    .optional(),
  update: z.strictObject({ request: fn<(args: WriteArgs & { id: string }) => ProbeRequest>('args => request'), ...operationBase }).optional(),
  delete: z.strictObject({ request: fn<(args: IdArgs) => ProbeRequest>('args => request'), ...operationBase }).optional(),
});

const transport = z.discriminatedUnion('in', [
  z.strictObject({ in: z.literal('header'), name: z.string().default('authorization'), scheme: z.string().default('Bearer') }),
  z.strictObject({ in: z.literal('cookie'), name: z.string().min(1) }),
  z.strictObject({ in: z.literal('query'), name: z.string().min(1) }),
]);

const profile = z.strictObject({
  numRuns: z.number().int().positive(),
  timeBudgetSeconds: z.number().positive().optional(),
});

/** Everything the harness computed that a target may need in its environment. */
export interface ComputedEnv {
  host: string;
  port: number;
  baseUrl: string;
  databaseUrl: string;
  databaseAdminUrl: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  publicKeyPem?: string;
  sharedSecret?: string;
  leewaySeconds: number;
  jwksCacheSeconds: number;
}

export const configSchema = z.strictObject({
  name: z.string().min(1),
  database: z.strictObject({
    provider: z.enum(['auto', 'embedded', 'container', 'url']).default('auto'),
    url: z.string().url().optional(),
    image: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    /**
     * Embedded provider: `cached` keeps an initialised cluster between runs and starts it in place,
     * `throwaway` makes a new one per run; `auto` is cached on a workstation and throwaway in CI
     * (the CI environment variable), where isolation between runs matters more than a second.
     */
    cluster: z.enum(['auto', 'cached', 'throwaway']).default('auto'),
    migrations: z.union([
      z.strictObject({ files: z.array(z.string().min(1)).min(1) }),
      z.strictObject({ command: z.array(z.string().min(1)).min(1), cwd: z.string().optional() }),
    ]),
    appRole: z.strictObject({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier'),
      password: z.string().min(1),
      create: z.boolean().default(true),
    }),
    context: z.strictObject({ tenantSetting: z.string().min(3), userSetting: z.string().min(3).optional() }),
    tenantColumn: z.string().default('tenant_id'),
    userColumn: z.string().default('user_id'),
  }),
  identity: z
    .object({
      mode: z.enum(['jwks', 'public-key', 'shared-secret']).default('jwks'),
      algorithms: z.array(z.enum(['RS256', 'ES256', 'PS256', 'ES384', 'EdDSA', 'HS256'])).min(1).default(['RS256', 'ES256']),
      issuer: z.string().min(1).default('https://idp.tenantproof.test/'),
      audience: z.string().min(1).default('tenantproof-target'),
      claims: z
        .object({ user: z.string().default('sub'), tenant: z.string().default('tenant_id'), role: z.string().default('role'), mfa: z.string().default('amr') })
        .prefault({}),
      ttlSeconds: z.number().int().positive().default(300),
      leewaySeconds: z.number().int().min(0).default(5),
      jwksCacheSeconds: z.number().int().min(0).default(5),
      transport: transport.prefault({ in: 'header' }),
      extraClaims: fn<(actor: Actor) => Record<string, unknown>>('actor => claims').optional(),
    })
    .prefault({}),
  target: z
    .object({
      command: z.array(z.string().min(1)).min(1).optional(),
      cwd: z.string().optional(),
      env: fn<(computed: ComputedEnv) => Record<string, string>>('computed => environment').optional(),
      url: z.string().url().optional(),
      healthPath: z.string().startsWith('/').default('/health'),
      startTimeoutMs: z.number().int().positive().default(20_000),
    })
    .refine((t) => Boolean(t.command) !== Boolean(t.url), { message: 'exactly one of target.command or target.url', path: ['command'] }),
  provisioning: z.strictObject({
    tenants: z.number().int().min(2).default(3),
    usersPerTenant: z.number().int().min(2).default(2),
    resourcesPerUser: z.number().int().min(1).default(2),
    roles: z.array(z.string().min(1)).min(1).default(['member']),
    createTenant: hook,
    createUser: hook,
  }),
  resources: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/), resource).refine((r) => Object.keys(r).length > 0, 'at least one resource'),
  expectations: z
    .object({
      succeeded: expectation.default([200, 201, 202, 204]),
      refused: expectation.default([403, 404]),
      unauthenticated: expectation.default([401]),
      identityIncomplete: expectation.default([401]),
    })
    .prefault({}),
  profiles: z
    .object({
      quick: profile.default({ numRuns: 10 }),
      ci: profile.default({ numRuns: 30 }),
      nightly: profile.default({ numRuns: 300, timeBudgetSeconds: 1800 }),
      certify: profile.default({ numRuns: 100 }),
    })
    .prefault({}),
});

/** What a user writes in `tenantproof.config.ts`. */
export type TenantproofConfig = z.input<typeof configSchema>;
/** The contract after validation, with every default filled in. */
export type ResolvedConfig = z.output<typeof configSchema>;
export type ResourceContract = ResolvedConfig['resources'][string];
export type ProfileName = keyof ResolvedConfig['profiles'];
