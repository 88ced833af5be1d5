import type { InvariantVerdict } from '../checks/verdict.ts';
import type { SuiteContext } from './context.ts';

/**
 * Records `skipped` for an invariant the contract gives no means to check (an optional section
 * left out), with the reason, so the report says why instead of silently leaving it out.
 */
export function recordSkipped(ctx: SuiteContext, invariant: string, reason: string): InvariantVerdict {
  const verdict: InvariantVerdict = { id: invariant, verdict: 'skipped', cases: 0, durationMs: 0, reason };
  ctx.record(verdict);
  return verdict;
}
