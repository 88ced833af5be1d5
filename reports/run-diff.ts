/**
 * What changed between two runs: findings that are new, fixed or still failing. A finding counts
 * as fixed only where the later run checked its invariant and settled it (held, or violated on
 * other findings); one the later run did not settle (skipped, error, inconclusive) is "not
 * rechecked", never fixed.
 */
import { findingsOf } from './finding-fingerprint.ts';
import type { Finding, FindingChanges, Summary } from './summary.ts';

export function diffRuns(before: Summary, after: Summary): FindingChanges {
  const earlier = findingsOf(before);
  const later = findingsOf(after);
  const laterPrints = new Set(later.map((f) => f.fingerprint));
  const earlierPrints = new Set(earlier.map((f) => f.fingerprint));
  const verdictAfter = new Map(after.invariants.map((v) => [v.id, v.verdict]));
  const settled = (f: Finding) => verdictAfter.get(f.invariant) === 'held' || verdictAfter.get(f.invariant) === 'violated';
  const gone = earlier.filter((f) => !laterPrints.has(f.fingerprint));
  return {
    runId: before.runId,
    new: later.filter((f) => !earlierPrints.has(f.fingerprint)),
    fixed: gone.filter(settled),
    stillFailing: later.filter((f) => earlierPrints.has(f.fingerprint)),
    notRechecked: gone.filter((f) => !settled(f)),
  };
}

/** One line of counts, then one line per finding that changed or still fails. */
export function renderFindingChanges(changes: FindingChanges): string[] {
  const counts = `since ${changes.runId}: ${changes.new.length} new, ${changes.fixed.length} fixed, ${changes.stillFailing.length} still failing${changes.notRechecked.length ? `, ${changes.notRechecked.length} not rechecked` : ''}`;
  const list = (label: string, found: Finding[]) => found.map((f) => `  ${label.padEnd(13)} ${f.invariant} [${f.fingerprint}] ${f.message}`);
  return [
    counts,
    ...list('new', changes.new),
    ...list('fixed', changes.fixed),
    ...list('still failing', changes.stillFailing),
    ...list('not rechecked', changes.notRechecked),
  ];
}
