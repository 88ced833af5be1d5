import type { InvariantVerdict } from '../../reports/verdict.ts';

/**
 * A `skipped` verdict for an invariant the contract gives no means to check, with the reason, so
 * the report says why instead of silently leaving it out.
 */
export function skipped(id: string, reason: string): InvariantVerdict {
  return { id, verdict: 'skipped', cases: 0, durationMs: 0, reason };
}
