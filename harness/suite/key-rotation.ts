/**
 * The two time-dependent halves of AUTH-4 around a dedicated key K (the provider's own signing
 * keys are left alone, so other suites keep working): after K is published, a token signed by K
 * must be accepted within the declared JWKS cache time (an unknown kid triggers a refetch); after
 * K is retired and the cache time has passed, tokens by K must be refused (checked by the caller).
 */
import { matches } from '../checks/expectation.ts';
import { generateSigningKey, publishKey, retireKey, type AsymmetricAlgorithm, type SigningKey } from '../identity/index.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { buildRequest, declaredOperations, expectationOf } from './operations.ts';

/** How often acceptance of the new key is polled. */
const POLL_MS = 250;

export interface RotationTimings {
  key: SigningKey;
  /** Milliseconds from publishing K to the first accepted token by K; undefined when never accepted in time. */
  acceptedAfterMs?: number;
  /** The bound waited for acceptance, and after retiring: the declared cache time plus the margin. */
  boundMs: number;
  /** Milliseconds between retiring K and the moment refusal checks may begin. */
  retiredForMs: number;
}

/**
 * Publishes a fresh key of the contract's first asymmetric algorithm, polls a read-only operation
 * until a token by it is accepted (or the bound passes), retires it and waits out the cache time
 * plus `marginMs`. Tokens by `key` must be refused from the moment this returns.
 */
export async function rotateDedicatedKey(ctx: SuiteContext, invariant: string, actor: UserRecord, marginMs: number): Promise<RotationTimings> {
  const alg = (ctx.config.identity.algorithms.find((a) => !a.startsWith('HS')) ?? 'ES256') as AsymmetricAlgorithm;
  const key = await generateSigningKey(alg);
  const boundMs = ctx.config.identity.jwksCacheSeconds * 1000 + marginMs;
  // Polls run beside other probes, so they must write nothing: a list, else a read of a provisioned row.
  const own = (resource: string) => ctx.world.resources.find((r) => r.type === resource && r.ownerId === actor.id);
  const target = declaredOperations(ctx).find((o) => o.op === 'list') ?? declaredOperations(ctx).find((o) => o.op === 'read' && own(o.resource));
  if (!target) throw new Error(`${invariant} needs a list operation, or a read of a provisioned resource of user ${actor.id}, to poll`);
  const { req } = buildRequest(ctx, target.resource, target.op, actor, own(target.resource)?.id);
  const succeeded = expectationOf(ctx, target.resource, target.op, 'succeeded');

  const identity = ctx.handle.identity;
  await publishKey(identity, key.publicJwk);
  const published = Date.now();
  let acceptedAfterMs: number | undefined;
  try {
    while (Date.now() - published <= boundMs) {
      const res = await ctx.send(invariant, { actor, mint: { key } }, req, 'rotation:new-key');
      if (matches(succeeded, res)) {
        acceptedAfterMs = Date.now() - published;
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await retireKey(identity, key.kid);
  }
  const retired = Date.now();
  await new Promise((r) => setTimeout(r, boundMs));
  return { key, acceptedAfterMs, boundMs, retiredForMs: Date.now() - retired };
}
