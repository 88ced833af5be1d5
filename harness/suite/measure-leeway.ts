/**
 * Measures the clock leeway a target really accepts on `exp` and `nbf`, by bisecting how far in the
 * past (or future) a validly signed token's claim may lie and still be served: the figure AUTH-3
 * reports next to the declared `identity.leewaySeconds`.
 */
import { matches } from '../checks/expectation.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import type { ForgeryKit } from './forgery-kit.ts';
import { declaredOperations, expectationOf } from './operations.ts';
import { requestOnOwnedRow } from './probe-helpers.ts';

/** The largest offset tried; a target accepting this much has no meaningful time check. */
export const LEEWAY_CEILING_SECONDS = 600;

/**
 * Whole seconds a claim may lie beyond now and still be accepted: `exp` in the past, `nbf` in the
 * future. `null` when even an offset of 0 was refused (nothing to measure), `ceiling` when the
 * largest offset tried was accepted.
 */
export interface MeasuredLeeway {
  seconds: number | null;
  atCeiling: boolean;
  probes: number;
}

/** Bisects the accepted offset of `claim` on a read-only operation (list, else read) as `actor`. */
export async function measureLeeway(ctx: SuiteContext, kit: ForgeryKit, invariant: string, claim: 'exp' | 'nbf', actor: UserRecord): Promise<MeasuredLeeway> {
  const target = declaredOperations(ctx).find((o) => o.op === 'list') ?? declaredOperations(ctx).find((o) => o.op === 'read');
  if (!target) return { seconds: null, atCeiling: false, probes: 0 };
  const { req } = await requestOnOwnedRow(ctx, invariant, target.resource, target.op, actor, actor);
  const succeeded = expectationOf(ctx, target.resource, target.op, 'succeeded');
  const leeway = ctx.config.identity.leewaySeconds;
  let probes = 0;
  const accepted = async (offset: number): Promise<boolean> => {
    probes += 1;
    const defect = claim === 'exp' ? ({ claim, defect: 'past-leeway' } as const) : ({ claim, defect: 'future-leeway' } as const);
    const id = `${claim}:measure-${offset}s`;
    const token = await kit.claimDefect({ ...defect, id, family: id, beyondLeewaySeconds: offset - leeway }, actor);
    return matches(succeeded, await ctx.send(invariant, { token }, req, `leeway:${id}`));
  };
  if (!(await accepted(0))) return { seconds: null, atCeiling: false, probes };
  if (await accepted(LEEWAY_CEILING_SECONDS)) return { seconds: LEEWAY_CEILING_SECONDS, atCeiling: true, probes };
  let lo = 0;
  let hi = LEEWAY_CEILING_SECONDS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await accepted(mid)) lo = mid;
    else hi = mid;
  }
  return { seconds: lo, atCeiling: false, probes };
}
