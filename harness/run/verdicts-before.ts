import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { RunInterruption } from './run-suites.ts';

/**
 * The verdicts recorded before the interruption, and violations found after it: a counterexample
 * observed stands on its own, while `held` (or an error) against a part that was going away does not.
 * A part's exit reaches the run a moment after the probes in flight fail on it (a reset connection
 * is recorded first), so when a part exited an `error` is put down to that exit, not kept.
 */
export function verdictsBefore(interruption: RunInterruption, recorded: Map<string, InvariantVerdict>): Map<string, InvariantVerdict> {
  const keep = (id: string, v: InvariantVerdict) =>
    v.verdict === 'violated' || (interruption.finished.has(id) && (interruption.signal !== undefined || v.verdict !== 'error'));
  return new Map([...recorded].filter(([id, v]) => keep(id, v)));
}
