/**
 * AUTH family: authentication is required and tokens are verified.
 * AUTH-1: every protected operation without credentials is refused, leaks nothing, writes nothing.
 * AUTH-2: every forged token (the whole forgery catalogue) is refused the same way, and the target
 * never fetches keys from the attacker JWKS the harness hosts.
 * AUTH-3: expired, not-yet-valid, issuer- and audience-mismatched tokens are refused; the leeway
 * the target really accepts is measured and reported.
 * AUTH-4: a newly published key is accepted within the JWKS cache time, and a removed key is
 * refused once the cache time has passed.
 */
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { registerSuite } from '../harness/suite/context.ts';
import { checkRefusal } from '../harness/suite/refusal-property.ts';
import { judgeWithForgeryKit } from '../harness/suite/forgery-kit.ts';
import { measureLeeway } from '../harness/suite/measure-leeway.ts';
import { rotateDedicatedKey, type RotationTimings } from '../harness/suite/key-rotation.ts';
import { recordSkipped } from '../harness/suite/record-skipped.ts';
import { missingCredentials, missingCredentialVariants } from '../generators/missing-credentials.ts';
import { forgedToken, forgedTokenRepresentatives } from '../generators/forged-token.ts';
import { claimDefect, claimDefectRepresentatives } from '../generators/claim-defect.ts';

const suite = registerSuite();

/** Added to the declared JWKS cache time before judging: the target's refetch and the request itself take time. */
const ROTATION_MARGIN_MS = 1500;

/**
 * AUTH-4's rotation is mostly waiting for the target's JWKS cache to expire, so it starts with the
 * file (when AUTH-4 is selected) and runs beside AUTH-1..3, whose probes its read-only polls do not
 * disturb; the AUTH-4 test then only has to probe the removed key.
 */
let rotation: Promise<RotationTimings> | undefined;
beforeAll((file) => {
  const selected = file.tasks.some((t) => t.name.startsWith('AUTH-4 ') && t.mode === 'run');
  if (!selected || suite().config.identity.mode !== 'jwks') return;
  rotation = rotateDedicatedKey(suite(), 'AUTH-4', suite().world.users[0]!, ROTATION_MARGIN_MS);
  // Awaited, and any failure reported, by the AUTH-4 test.
  rotation.catch(() => undefined);
});

/**
 * Seconds beyond the declared leeway inside which a time claim proves nothing: the harness and
 * the target read whole seconds of their clocks at slightly different moments (up to one second
 * apart each way, plus the time the request takes).
 */
const CLOCK_TOLERANCE_SECONDS = 2;

test('AUTH-1 protected operations refuse requests without credentials', async () => {
  const ctx = suite();
  const transport = ctx.config.identity.transport;
  const scheme = transport.in === 'header' ? transport.scheme : undefined;
  const verdict = await checkRefusal(ctx, {
    invariant: 'AUTH-1',
    variants: missingCredentials(scheme),
    representatives: missingCredentialVariants(scheme),
    expectation: 'unauthenticated',
    label: (v) => `no-credentials:${v.id}`,
    credentials: (v) => (v.raw === undefined ? 'none' : { raw: v.raw }),
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('AUTH-2 forged tokens are refused and no attacker key URL is fetched', async () => {
  const ctx = suite();
  const verdict = await judgeWithForgeryKit(ctx, async (kit) => {
    const options = { algorithms: ctx.config.identity.algorithms, sharedSecret: ctx.config.identity.mode === 'shared-secret' };
    const judged = await checkRefusal(ctx, {
      invariant: 'AUTH-2',
      variants: forgedToken(options),
      representatives: forgedTokenRepresentatives(options),
      expectation: 'unauthenticated',
      label: (r) => r.id,
      group: (r) => r.family,
      observe: () => kit.observeAttacker(),
      credentials: async (r, user) => ({ token: await kit.forge(r, user) }),
    });
    return { ...judged, details: { ...judged.details, attackerJwksFetches: kit.attacker.fetchCount() } };
  });
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('AUTH-3 expired, premature and mis-addressed tokens are refused; the accepted leeway is measured', async () => {
  const ctx = suite();
  const { identity } = ctx.config;
  const started = Date.now();
  const verdict = await judgeWithForgeryKit(ctx, async (kit) => {
    const actor = ctx.world.users[0]!;
    const exp = await measureLeeway(ctx, kit, 'AUTH-3', 'exp', actor);
    const nbf = await measureLeeway(ctx, kit, 'AUTH-3', 'nbf', actor);
    const options = { requireExp: identity.requireExp, toleranceSeconds: CLOCK_TOLERANCE_SECONDS };
    const judged = await checkRefusal(ctx, {
      invariant: 'AUTH-3',
      variants: claimDefect(options),
      representatives: claimDefectRepresentatives(options),
      expectation: 'unauthenticated',
      label: (d) => d.id,
      family: (d) => d.family,
      group: (d) => d.claim,
      credentials: async (d, user) => ({ token: await kit.claimDefect(d, user) }),
    });
    const leeway = {
      declaredSeconds: identity.leewaySeconds,
      toleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      acceptedSecondsPastExp: exp.atCeiling ? `>= ${exp.seconds}` : exp.seconds,
      acceptedSecondsBeforeNbf: nbf.atCeiling ? `>= ${nbf.seconds}` : nbf.seconds,
    };
    return { ...judged, details: { ...judged.details, leeway }, durationMs: Date.now() - started };
  });
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('AUTH-4 key rotation: a new key is accepted, a removed key is refused after the cache time', async () => {
  const ctx = suite();
  const { identity } = ctx.config;
  if (identity.mode !== 'jwks') return void recordSkipped(ctx, 'AUTH-4', `identity.mode is "${identity.mode}": the target reads no JWKS, so there is no key rotation to check`);
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
      counterexample: { seed: ctx.handle.seed, path: '', numRuns: 0, value: { variant: 'rotation:new-key', alg: rotated.key.alg }, violation, replay: `${ctx.handle.replayBase} --only AUTH-4` },
    });
  }
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});
