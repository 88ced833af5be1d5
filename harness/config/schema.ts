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

/**
 * A provisioning statement. When the database mints the id (identity, sequence, opaque text), the
 * statement returns it: a column named `id`, or its only column (`returning uid`).
 */
const sqlHook = z.strictObject({
  sql: z.string().min(1),
  params: fn<(entity: Record<string, unknown>) => unknown[]>('entity => parameters'),
});
const hook = z.union([sqlHook, fn<(admin: pg.ClientBase, entity: Record<string, unknown>) => Promise<string | number | void>>('(admin, entity) => Promise<id | void>')]);

const resource = z.strictObject({
  scope: z.enum(['tenant', 'user']),
  table: z.string().min(1),
  idColumn: z.string().default('id'),
  /**
   * The stored key (the `idColumn` value) behind an id the API hands out, for targets whose ids are
   * not the key itself: GraphQL global ids, hashids. Default: the API id is the key.
   */
  storedId: fn<(id: string) => string | number | undefined>('api id => stored key').optional(),
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
      /** The id of one listed item, compared with the table's id column (TI-3); default `item.id`. */
      itemId: fn<(item: unknown) => string | number | undefined>('item => id').optional(),
      ...operationBase,
    })
    .optional(),
  update: z.strictObject({ request: fn<(args: WriteArgs & { id: string }) => ProbeRequest>('args => request'), ...operationBase }).optional(),
  delete: z.strictObject({ request: fn<(args: IdArgs) => ProbeRequest>('args => request'), ...operationBase }).optional(),
  /**
   * Adds fields to a create or update request (TI-4 mass assignment: tenant and owner fields naming
   * someone else). Default: merged into a JSON object body; a GraphQL or RPC target says where its
   * input object lives.
   */
  withFields: fn<(req: ProbeRequest, fields: Record<string, unknown>) => ProbeRequest>('(request, fields) => request').optional(),
});

const transport = z.discriminatedUnion('in', [
  z.strictObject({ in: z.literal('header'), name: z.string().default('authorization'), scheme: z.string().default('Bearer') }),
  z.strictObject({ in: z.literal('cookie'), name: z.string().min(1) }),
  z.strictObject({ in: z.literal('query'), name: z.string().min(1) }),
]);

/** Arguments of a platform-owner operation: who acts, and the tenant it reaches into. */
export interface PlatformArgs {
  actor: Actor;
  tenant: { id: string; name: string };
}

/**
 * Platform owners (PO-1, PO-2): the role claim value, how a token proves a second factor, and
 * the cross-tenant operations. Provisioning creates `users` of them in the first tenant through
 * `provisioning.createUser`; they are kept apart from the ordinary users every other suite uses.
 */
const platformOwner = z.strictObject({
  role: z.string().min(1).default('platform_owner'),
  users: z.number().int().min(1).max(5).default(1),
  /** The claim (default `identity.claims.mfa`) and the value a token carries after MFA (default `['pwd', 'mfa']`, RFC 8176). */
  mfa: z.strictObject({ claim: z.string().min(1).optional(), value: z.unknown().default(['pwd', 'mfa']) }).prefault({}),
  operations: z
    .record(z.string().min(1), z.strictObject({ request: fn<(args: PlatformArgs) => ProbeRequest>('args => request'), succeeded: expectation.optional(), refused: expectation.optional() }))
    .refine((o) => Object.keys(o).length > 0, 'at least one platform-owner operation'),
});

/** One audit record as a log-line parser returns it; fields absent from the line stay undefined. */
export interface AuditEntry {
  action: string;
  at?: string | Date;
  actor?: string | null;
  tenant?: string | null;
}

/**
 * The audit sink (AUD-1, PO-2): a table read on the admin connection, or a log file (default:
 * the target's own output as the harness captured it) with a line parser; plus the action value
 * of each event kind the harness causes. An undeclared action is not checked.
 */
const audit = z.strictObject({
  sink: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('table'),
      table: z.string().min(1),
      columns: z.strictObject({ at: z.string().default('at'), actor: z.string().default('actor_id'), tenant: z.string().default('tenant_id'), action: z.string().default('action') }).prefault({}),
    }),
    z.strictObject({
      kind: z.literal('log'),
      file: z.string().min(1).optional(),
      parse: fn<(line: string) => AuditEntry | undefined>('line => entry | undefined'),
    }),
  ]),
  actions: z.strictObject({ refusedToken: z.string().min(1).optional(), crossTenant: z.string().min(1).optional(), platformAccess: z.string().min(1).optional() }),
});

/**
 * Browser guardrails (WEB-1, WEB-2): the exact origins CORS may grant; `production` also
 * forbids granting any non-HTTPS origin; `csp` says every response must carry a CSP.
 */
const browser = z.strictObject({
  allowedOrigins: z.array(z.string().url()).default([]),
  production: z.boolean().default(false),
  csp: z.boolean().default(true),
});

/** Statuses of a refused websocket upgrade, and close codes of a socket closed as refused. */
const socketRefusal = (statuses: number[], closeCodes: number[]) =>
  z.strictObject({ statuses: z.array(z.number().int().min(100).max(599)).default(statuses), closeCodes: z.array(z.number().int().min(1000).max(4999)).default(closeCodes) }).prefault({});

/**
 * Realtime (AUTH-5, TI-6, RL-1..7, WEB-3): where the websocket is, how a token travels on it
 * (default: as `identity.transport` says; or a subprotocol, or a first message), how to subscribe
 * and read events, and the declared limits. Messages are parsed JSON (raw text when not JSON).
 * A limit left out is not checked (its invariant is `skipped`).
 */
const realtime = z.strictObject({
  /** Path of the websocket endpoint on the target's base URL (http becomes ws). */
  path: z.string().startsWith('/').default('/realtime'),
  auth: z
    .discriminatedUnion('in', [
      transport.options[0],
      transport.options[1],
      transport.options[2],
      z.strictObject({ in: z.literal('subprotocol'), prefix: z.string().default('') }),
      z.strictObject({ in: z.literal('message'), build: fn<(token: string) => unknown>('token => first message') }),
    ])
    .optional(),
  /** Resources whose create/update/delete publish an event (default: every declared resource). */
  resources: z.array(z.string().min(1)).min(1).optional(),
  /** The topic carrying `actor`'s tenant's events; another tenant's topic is `topic(victim)`. */
  topic: fn<(actor: Actor) => string>('actor => topic'),
  subscribe: fn<(topic: string) => unknown>('topic => message'),
  subscribed: fn<(message: unknown, topic: string) => boolean>('(message, topic) => acknowledged'),
  subscribeRefused: fn<(message: unknown, topic: string) => boolean>('(message, topic) => refused'),
  /** Reads a resource-change event: the resource id it concerns, or undefined for other messages. */
  event: fn<(message: unknown) => { id?: string | number } | undefined>('message => event'),
  /** A message the target acknowledges (`padding` pads it for size checks), and its acknowledgement. */
  ping: fn<(n: number, padding: string) => unknown>('(n, padding) => message'),
  pong: fn<(message: unknown, n: number) => boolean>('(message, n) => acknowledged'),
  refusals: z
    .strictObject({
      unauthenticated: socketRefusal([401], [4001, 4401, 1008]),
      forbidden: socketRefusal([403], [4003, 1008]),
      throttled: socketRefusal([429], [4029, 1008, 1013]),
      tooLarge: socketRefusal([413], [1009]),
    })
    .prefault({}),
  /** Origins a browser may open a socket from (WEB-3). */
  allowedOrigins: z.array(z.string().min(1)).default([]),
  /** Forwarded-for headers the target is declared to trust; others must not lift a per-IP limit. */
  trustedProxyHeaders: z.array(z.string().min(1)).default([]),
  limits: z
    .strictObject({
      connectionsPerIp: z.strictObject({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).optional(),
      concurrentPerUser: z.number().int().positive().optional(),
      messages: z.strictObject({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).optional(),
      maxMessageBytes: z.number().int().positive().optional(),
      /** After `after` violations within `withinMs`, new sockets from the IP are refused for `forMs`. */
      ban: z.strictObject({ after: z.number().int().positive(), withinMs: z.number().int().positive(), forMs: z.number().int().positive() }).optional(),
    })
    .prefault({}),
  /** RL-7: the health endpoint must answer within this during a flood. */
  healthLatencyMs: z.number().int().positive().default(1000),
  /** RL-7: the flood's bounds; it stops at whichever comes first. */
  flood: z
    .strictObject({ durationMs: z.number().int().positive().max(30_000).default(1500), maxMessages: z.number().int().positive().default(3000), maxConnections: z.number().int().positive().default(100) })
    .prefault({}),
});

/** RL-8: a declared HTTP request limit: `max` requests per `windowMs` per user or per client IP on `request`. */
const httpLimits = z.strictObject({
  request: fn<(actor: Actor) => ProbeRequest>('actor => request'),
  per: z.enum(['user', 'ip']).default('user'),
  max: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  throttled: expectation.default([429]),
});

/**
 * ID-2: where a request might name another tenant (or user) than its token's, each of which the
 * target must ignore or refuse: header names, query parameters and JSON body fields. The defaults
 * cover the common spellings; what a contract lists is added to them.
 */
const tenantHints = z
  .strictObject({
    headers: z.array(z.string().min(1)).default([]),
    query: z.array(z.string().min(1)).default([]),
    body: z.array(z.string().min(1)).default([]),
    userHeaders: z.array(z.string().min(1)).default([]),
    userQuery: z.array(z.string().min(1)).default([]),
    userBody: z.array(z.string().min(1)).default([]),
  })
  .transform((h) => ({
    headers: [...new Set(['x-tenant-id', 'x-tenant', 'x-org-id', 'x-organization-id', 'x-account-id', ...h.headers.map((n) => n.toLowerCase())])],
    query: [...new Set(['tenant_id', 'tenantId', 'tenant', 'org_id', ...h.query])],
    body: [...new Set(['tenant_id', 'tenantId', 'tenant', 'organization_id', ...h.body])],
    userHeaders: [...new Set(['x-user-id', 'x-user', ...h.userHeaders.map((n) => n.toLowerCase())])],
    userQuery: [...new Set(['user_id', 'userId', ...h.userQuery])],
    userBody: [...new Set(['user_id', 'userId', 'owner_id', 'author_id', ...h.userBody])],
  }));

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

const nameTemplate = z.string().refine((t) => t.split('{name}').length === 2, 'a file name template containing {name} exactly once');

/**
 * Migration guardrails (MIG-1..4): SQL files or directories to lint, relative to the contract file.
 * `rollback` is the rollback naming convention (MIG-4 is checked only with one, e.g.
 * `{ forward: '{name}.up.sql', rollback: '{name}.down.sql' }`); `baseline` is the schema the
 * migrations are diffed against (MIG-3 is checked only with one), SQL files applied in order.
 */
const migrationsLint = z.strictObject({
  paths: z.array(z.string().min(1)).min(1),
  rollback: z.strictObject({ forward: nameTemplate.default('{name}.sql'), rollback: nameTemplate }).optional(),
  baseline: z.array(z.string().min(1)).min(1).optional(),
});

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
      /** AUTH-3: whether a token without `exp` must be refused (RFC 8725 recommends it; default true). */
      requireExp: z.boolean().default(true),
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
      /**
       * Environment variables besides `TENANTPROOF_*` that select the target's behaviour (a bug
       * switch, a feature flag): recorded with each run and set again by its replay command.
       */
      replayEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).default([]),
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
      /**
       * Default: `unauthenticated`, so a contract that states its refusal shape once (a GraphQL
       * `UNAUTHENTICATED` predicate) is not held to a 401 for identity-incomplete tokens.
       */
      identityIncomplete: expectation.optional(),
    })
    .transform((e) => ({ ...e, identityIncomplete: e.identityIncomplete ?? e.unauthenticated }))
    .prefault({}),
  tenantHints: tenantHints.prefault({}),
  platformOwner: platformOwner.optional(),
  audit: audit.optional(),
  browser: browser.optional(),
  realtime: realtime.optional(),
  httpLimits: httpLimits.optional(),
  migrationsLint: migrationsLint.optional(),
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
export type RealtimeContract = NonNullable<ResolvedConfig['realtime']>;
