/**
 * AUTH family: authentication is required and tokens are verified.
 * AUTH-1: every protected operation without credentials is refused, leaks nothing, writes nothing.
 * AUTH-2: every forged token (the whole forgery catalogue) is refused the same way, on the declared
 * transport and where services commonly fall back to reading one, and the target never fetches
 * keys from the attacker JWKS the harness hosts.
 * AUTH-3: expired, not-yet-valid, issuer- and audience-mismatched tokens are refused; the leeway
 * the target really accepts is measured and reported.
 * AUTH-4: a newly published key is accepted within the JWKS cache time, and a removed key is
 * refused once the cache time has passed.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkRefusal, declareIn } from '../harness/suite/refusal-property.ts';
import { judgeWithForgeryKit } from '../harness/suite/forgery-kit.ts';
import { measureLeeway } from '../harness/suite/measure-leeway.ts';
import { rotateDedicatedKey, type RotationTimings } from '../harness/suite/key-rotation.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { missingCredentials, missingCredentialVariants } from '../generators/missing-credentials.ts';
import { placedForgery, placedForgeryRepresentatives, placedGroup, placedLabel } from '../generators/token-placement.ts';
import { fallbackTransport, fallbacksBesides } from '../harness/suite/token-fallbacks.ts';
import { claimDefect, claimDefectRepresentatives, type ClaimDefect } from '../generators/claim-defect.ts';
import type { ResolvedConfig } from '../harness/config/schema.ts';

/** Added to the declared JWKS cache time before judging: the target's refetch and the request itself take time. */
const ROTATION_MARGIN_MS = 1500;

/**
 * AUTH-4's rotation is mostly waiting for the target's JWKS cache to expire, so its prepare starts it with the
 * module (when AUTH-4 is selected) and it runs beside AUTH-1..3, whose probes its read-only polls do not
 * disturb; AUTH-4's run then only has to probe the removed key.
 */
let rotation: Promise<RotationTimings> | undefined;

/**
 * Seconds beyond the declared leeway inside which a time claim proves nothing: the harness and
 * the target read whole seconds of their clocks at slightly different moments (up to one second
 * apart each way, plus the time the request takes).
 */
const CLOCK_TOLERANCE_SECONDS = 2;

/** The contract key that would declare what a service accepting an AUTH-3 defect does. */
function declaredBy(d: ClaimDefect, identity: ResolvedConfig['identity']): string | undefined {
  switch (`${d.claim}:${d.defect}`) {
    case 'exp:missing':
      return declareIn('identity.policy.requireExp: false (bound token age with identity.policy.maxAgeSeconds)');
    case 'exp:past-leeway':
    case 'nbf:future-leeway':
      return declareIn(`identity.leewaySeconds (declared ${identity.leewaySeconds})`);
    case 'iat:future-leeway':
      return declareIn("identity.policy.futureIatToleranceSeconds (seconds, or 'unchecked')");
    case 'iat:past-max-age':
      return declareIn(`identity.policy.maxAgeSeconds (declared ${identity.policy.maxAgeSeconds}; remove it if the service bounds no token age)`);
  }
  return undefined;
}

/** AUTH-2's unknown `crit`: ignoring it is a weakness whatever the contract says, so declaring it is not enough. */
function critDeclaration(family: string, crit: 'refuse' | 'ignore'): string | undefined {
  if (family !== 'crit') return undefined;
  const waiver = "a waivers entry { invariant: 'AUTH-2', match: 'crit:unknown-extension', reason, until }";
  return crit === 'ignore'
    ? `identity.policy.crit is 'ignore', which is still a weakness (RFC 7515 §4.1.11): accept it with ${waiver}`
    : `a service that ignores crit declares identity.policy.crit: 'ignore' and still needs ${waiver}`;
}

export const auth1 = defineInvariant({
  id: 'AUTH-1',
  title: 'Protected operations refuse requests without credentials',
  description: 'protected operations refuse requests without credentials',
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-306',
  requires: ['http', 'database'],
  async run(ctx) {
    const transport = ctx.config.identity.transport;
    const scheme = transport.in === 'header' ? transport.scheme : undefined;
    return checkRefusal(ctx, {
      invariant: 'AUTH-1',
      variants: missingCredentials(scheme),
      representatives: missingCredentialVariants(scheme),
      expectation: 'unauthenticated',
      label: (v) => `no-credentials:${v.id}`,
      credentials: (v) => (v.raw === undefined ? 'none' : { raw: v.raw }),
    });
  },
});

export const auth2 = defineInvariant({
  id: 'AUTH-2',
  title: 'Forged tokens are refused',
  description:
    "every forged token is refused on every protected operation, with no canary and no write: `alg: none` in any case, emptied/truncated/bit-flipped signature, unknown key (target's, random or no kid), HS256/384/512 keyed with the public key (PEM, PEM+newline, DER, JWK), embedded `jwk`, `jku`/`x5u` on an attacker JWKS the harness hosts (any fetch to it is a violation), `kid` path traversal and SQL injection, payload tampered under the original signature, duplicate `alg`, unknown `crit`, malformed and oversized tokens, ECDSA r=s=0; each forgery also travels, alone, where services commonly fall back to reading a token (RFC 6750: `Authorization: Bearer`, the `access_token` query parameter) when that differs from `identity.transport` (there any answer but success, with no canary and no write, is a refusal: the service need not know the place; and an operation that serves a request without credentials is AUTH-1's finding, not this one's); the report tabulates every forgery family per operation, a fallback's as `<forgery>@<placement>`",
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-347',
  requires: ['http', 'database'],
  async run(ctx) {
    return judgeWithForgeryKit(ctx, async (kit) => {
      const { identity } = ctx.config;
      const options = { algorithms: identity.algorithms, sharedSecret: identity.mode === 'shared-secret' };
      const fallbacks = fallbacksBesides(identity.transport);
      const judged = await checkRefusal(ctx, {
        invariant: 'AUTH-2',
        variants: placedForgery(options, fallbacks),
        representatives: placedForgeryRepresentatives(options, fallbacks),
        expectation: 'unauthenticated',
        label: placedLabel,
        group: placedGroup,
        observe: () => kit.observeAttacker(),
        credentials: async ({ recipe, placement }, user) => ({
          token: await kit.forge(recipe, user),
          ...(placement !== 'declared' && { transport: fallbackTransport(placement) }),
        }),
        declares: ({ recipe }) => critDeclaration(recipe.family, identity.policy.crit),
        undeclaredPlace: ({ placement }) => placement !== 'declared',
      });
      return { ...judged, details: { ...judged.details, attackerJwksFetches: kit.attacker.fetchCount() } };
    });
  },
});

export const auth3 = defineInvariant({
  id: 'AUTH-3',
  title: 'Time and audience claims are enforced',
  description:
    '`exp` past or `nbf` future beyond `identity.leewaySeconds`, `iat` future beyond `identity.policy.futureIatToleranceSeconds` (default the leeway; `unchecked` skips it) or older than `identity.policy.maxAgeSeconds` (when declared), all +2 s clock tolerance, missing (`identity.policy.requireExp`, default true) or non-numeric `exp`, wrong, missing or look-alike `iss`/`aud` are refused; the leeway actually accepted on `exp` and `nbf` is measured by bisection and reported',
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-613',
  requires: ['http', 'database'],
  async run(ctx) {
    const { identity } = ctx.config;
    const started = Date.now();
    return judgeWithForgeryKit(ctx, async (kit) => {
      const actor = ctx.world.users[0]!;
      const exp = await measureLeeway(ctx, kit, 'AUTH-3', 'exp', actor);
      const nbf = await measureLeeway(ctx, kit, 'AUTH-3', 'nbf', actor);
      const { policy } = identity;
      const options = {
        requireExp: policy.requireExp,
        checksFutureIat: policy.futureIatToleranceSeconds !== 'unchecked',
        checksMaxAge: policy.maxAgeSeconds !== undefined,
        toleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      };
      const judged = await checkRefusal(ctx, {
        invariant: 'AUTH-3',
        variants: claimDefect(options),
        representatives: claimDefectRepresentatives(options),
        expectation: 'unauthenticated',
        label: (d) => d.id,
        family: (d) => d.family,
        group: (d) => d.claim,
        credentials: async (d, user) => ({ token: await kit.claimDefect(d, user) }),
        declares: (d) => declaredBy(d, identity),
      });
      const leeway = {
        declaredSeconds: identity.leewaySeconds,
        toleranceSeconds: CLOCK_TOLERANCE_SECONDS,
        acceptedSecondsPastExp: exp.atCeiling ? `>= ${exp.seconds}` : exp.seconds,
        acceptedSecondsBeforeNbf: nbf.atCeiling ? `>= ${nbf.seconds}` : nbf.seconds,
      };
      return { ...judged, details: { ...judged.details, leeway }, durationMs: Date.now() - started };
    });
  },
});

export const auth4 = defineInvariant({
  id: 'AUTH-4',
  title: 'Key rotation is honoured',
  description:
    'key rotation: a key published mid-run is accepted within `identity.jwksCacheSeconds` (+1.5 s), and once removed is refused after that time (`jwks` mode; skipped otherwise)',
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-324',
  requires: ['http', 'database'],
  explore: false,
  prepare(ctx) {
    if (ctx.config.identity.mode !== 'jwks') return;
    rotation = rotateDedicatedKey(ctx, 'AUTH-4', ctx.world.users[0]!, ROTATION_MARGIN_MS);
    // Awaited, and any failure reported, by run.
    rotation.catch(() => undefined);
  },
  async run(ctx) {
    const { identity } = ctx.config;
    if (identity.mode !== 'jwks')
      return skipped('AUTH-4', `identity.mode is "${identity.mode}": the target reads no JWKS, so there is no key rotation to check`);
    const started = Date.now();
    const rotated = await (rotation ?? rotateDedicatedKey(ctx, 'AUTH-4', ctx.world.users[0]!, ROTATION_MARGIN_MS));
    const timings = {
      jwksCacheSeconds: identity.jwksCacheSeconds,
      newKeyAcceptedAfterMs: rotated.acceptedAfterMs ?? null,
      retiredKeyProbedAfterMs: rotated.retiredForMs,
    };
    const verdict = await checkRefusal(ctx, {
      invariant: 'AUTH-4',
      variants: fc.constant('rotation:removed-key'),
      representatives: ['rotation:removed-key'],
      expectation: 'unauthenticated',
      label: (v) => v,
      credentials: (_, user) => ({ actor: user, mint: { key: rotated.key } }),
    });
    verdict.details = { ...verdict.details, rotation: timings };
    verdict.durationMs = Date.now() - started;
    if (rotated.acceptedAfterMs === undefined && verdict.verdict !== 'violated') {
      // A target that never picks up a newly published key breaks rotation as surely as one that keeps a removed one.
      const violation = {
        invariant: 'AUTH-4',
        message: `a token signed by a newly published key (kid ${rotated.key.kid}) was not accepted within ${rotated.boundMs} ms (JWKS cache ${identity.jwksCacheSeconds} s + margin)`,
        steps: [],
        labels: { variant: 'rotation:new-key' },
      };
      Object.assign(verdict, {
        verdict: 'violated',
        reason: violation.message,
        counterexample: {
          seed: ctx.handle.seed,
          path: '',
          numRuns: 0,
          value: { variant: 'rotation:new-key', alg: rotated.key.alg },
          violation,
          replay: `${ctx.handle.replayBase} --only AUTH-4`,
        },
      });
    }
    return verdict;
  },
});
