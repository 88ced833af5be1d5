/**
 * The contract's `identity` section: how tokens are minted and carried, and `policy`, what the
 * service's token validation is declared to enforce. The defaults are strict (RFC 8725), and a
 * check expects a lax behaviour only where the policy declares it, never by guessing.
 */
import { z } from 'zod';
import { SNIPPET_KEYWORD, fn, transport, type Actor } from './schema-primitives.ts';

/** `resource.operation`, e.g. `notes.create`, as the reports name an operation. */
const operationName = z.string().regex(/^[a-z][a-zA-Z0-9_-]*\.(create|read|list|update|delete)$/, 'resource.operation, e.g. notes.create');

const policy = z
  .strictObject({
    requireExp: z
      .boolean()
      .default(true)
      .meta({
        description:
          'AUTH-3: a token without `exp` must be refused (RFC 8725). `false` for a service that bounds token age with `maxAgeSeconds` instead (AUTH-3 then generates no token without `exp`).',
        examples: [false],
      }),
    maxAgeSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({
        description:
          'AUTH-3: the service refuses a token whose `iat` is older than this (plus `identity.leewaySeconds`), whatever its `exp`; AUTH-3 then checks it.',
        examples: [3600],
      }),
    futureIatToleranceSeconds: z
      .union([z.number().int().min(0), z.literal('unchecked')])
      .optional()
      .meta({
        description:
          "AUTH-3: how far in the future `iat` may lie before a token is refused (default `identity.leewaySeconds`); `'unchecked'` for a service that does not look at `iat` (no future-`iat` case is generated).",
        examples: [60, 'unchecked'],
      }),
    crit: z
      .enum(['refuse', 'ignore'])
      .default('refuse')
      .meta({
        description:
          "AUTH-2: a token whose `crit` header names an extension the service does not understand must be refused (RFC 7515 §4.1.11). `'ignore'` declares that it is not; that is a real weakness, still reported as a violation: accept it with a `waivers` entry for AUTH-2 (`match: 'crit:unknown-extension'`).",
        examples: ['ignore'],
      }),
    userClaim: z
      .strictObject({
        requiredFor: z
          .array(operationName)
          .optional()
          .meta({
            description:
              'ID-1: the operations (`resource.operation`) that need the user claim; default every operation. ID-1 sends a token without one only to these.',
            examples: [['notes.create', 'notes.update']],
          }),
        anyNonEmpty: z
          .boolean()
          .default(false)
          .meta({
            description:
              'ID-1: `true` when the service takes any non-empty user claim (a number, a list) as the user; only a missing, null, empty or blank one must then be refused.',
            examples: [true],
          }),
      })
      .prefault({})
      .meta({ description: 'ID-1: what the service requires of the user claim (`identity.claims.user`).' }),
  })
  .prefault({})
  .meta({
    description:
      "What the service's token validation is declared to enforce. The defaults are the strict rules (RFC 8725); a check expects a lax behaviour only where it is declared here. Every AUTH-2, AUTH-3 and ID-1 violation names the key that would declare what the service did, or says that only a waiver can accept it.",
    examples: [{ requireExp: false, maxAgeSeconds: 3600 }],
    [SNIPPET_KEYWORD]: `identity: {
  leewaySeconds: 30,
  policy: {
    // Token age is bounded by iat, not exp: a token without exp is accepted, one issued more than
    // an hour (plus the 30 s leeway) ago is refused. AUTH-3 generates and checks exactly that.
    requireExp: false,
    maxAgeSeconds: 3600,
    // An iat up to a minute ahead is accepted (issuers' clocks drift); AUTH-3 probes past it.
    futureIatToleranceSeconds: 60,
    // Reads work with a tenant-only service token; only writes need the user claim (ID-1).
    userClaim: { requiredFor: ['notes.create', 'notes.update', 'notes.delete'] },
  },
},`,
  });

export const identity = z
  .strictObject({
    mode: z
      .enum(['jwks', 'public-key', 'shared-secret'])
      .default('jwks')
      .meta({
        description:
          'How the service verifies tokens: `jwks` (it fetches the JWKS URL the harness serves), `public-key` (a PEM in its environment) or `shared-secret` (HS256 with a secret in its environment).',
        examples: ['public-key'],
      }),
    algorithms: z
      .array(z.enum(['RS256', 'ES256', 'PS256', 'ES384', 'EdDSA', 'HS256']))
      .min(1)
      .default(['RS256', 'ES256'])
      .meta({
        description: 'The algorithms the service accepts; tokens are signed with these, and every other one must be refused (AUTH-1).',
        examples: [['PS256']],
      }),
    issuer: z
      .string()
      .min(1)
      .default('https://idp.tenantproof.test/')
      .meta({ description: 'The `iss` of every token, handed to the service as `JWT_ISSUER`.', examples: ['https://login.example.test/'] }),
    audience: z
      .string()
      .min(1)
      .default('tenantproof-target')
      .meta({ description: 'The `aud` of every token, handed to the service as `JWT_AUDIENCE`.', examples: ['notes-api'] }),
    claims: z
      .object({
        user: z
          .string()
          .default('sub')
          .meta({ description: 'The claim naming the user.', examples: ['uid'] }),
        tenant: z
          .string()
          .default('tenant_id')
          .meta({ description: 'The claim naming the tenant.', examples: ['org'] }),
        role: z
          .string()
          .default('role')
          .meta({ description: "The claim naming the user's role.", examples: ['grp'] }),
        mfa: z
          .string()
          .default('amr')
          .meta({ description: 'The claim that says how the user authenticated (for `platformOwner.mfa`).', examples: ['acr'] }),
      })
      .prefault({})
      .meta({ description: 'The claim names the service reads.' }),
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .default(300)
      .meta({ description: 'Lifetime of the tokens the harness mints (`exp` - `iat`).', examples: [900] }),
    leewaySeconds: z
      .number()
      .int()
      .min(0)
      .default(5)
      .meta({ description: 'Clock skew the service allows on `exp` and `nbf` (and, by default, on a future `iat`).', examples: [30] }),
    jwksCacheSeconds: z
      .number()
      .int()
      .min(0)
      .default(5)
      .meta({ description: 'How long the service caches the JWKS: a removed key may be trusted this long, and no longer (AUTH-4).', examples: [60] }),
    policy,
    transport: transport.prefault({ in: 'header' }).meta({
      description: "Where the token travels on a request: `{ in: 'header', name?, scheme? }`, `{ in: 'cookie', name }` or `{ in: 'query', name }`.",
      examples: [{ in: 'cookie', name: 'session' }],
    }),
    extraClaims: fn<(actor: Actor) => Record<string, unknown>>('actor => claims')
      .optional()
      .meta({
        description:
          'A function of the provisioned user `actor` (`{ id, tenantId, tenantName, tenantSlug, role, email, name }`) returning claims added to every token minted for it, e.g. an email or a scope the service requires.',
        examples: ["(actor) => ({ email: actor.email, scope: 'notes:write' })"],
      }),
  })
  .prefault({})
  .meta({
    description:
      'The identity provider the harness plays: token mode, algorithms, issuer and audience, claim names, lifetimes, the declared policy and where the token travels.',
  });

export type IdentityPolicy = z.output<typeof policy>;
