import type { Summary } from './summary.ts';

/**
 * The one sentence every renderer shows for a run stopped by a signal, so a reader of any artifact
 * knows its verdicts are partial: what finished is whole, what had not finished is `error`, and a
 * held verdict does not mean the rest of the catalogue was checked. Undefined for a whole run.
 */
export function interruptedNote(summary: Summary): string | undefined {
  if (!summary.interrupted) return undefined;
  return `Interrupted by ${summary.interrupted.signal}: the verdicts are partial. Invariants that had finished are as recorded; those that had not are error.`;
}
