/**
 * What an `--explore` run spent, for the console: the rounds and cases each invariant got, and
 * which got only their first round and why. Nothing for a run without explore.
 */
import type { Summary } from './summary.ts';

export function exploreLines(summary: Summary): string[] {
  const explored = summary.invariants.filter((v) => v.explore);
  if (explored.length === 0) return [];
  const rounds = explored.filter((v) => !v.explore!.firstRoundOnly);
  const extra = rounds.reduce((n, v) => n + v.explore!.rounds - 1, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [`explore: ${plural(extra, 'round')} after the first${rounds.length ? '; rounds and cases per invariant:' : ''}`];
  for (const v of rounds) {
    const decided = v.explore!.decidedInRound ? `, ${v.verdict} in round ${v.explore!.decidedInRound}` : '';
    lines.push(`  ${v.id.padEnd(8)} ${plural(v.explore!.rounds, 'round').padStart(10)} ${plural(v.cases, 'case').padStart(12)}${decided}`);
  }
  const reasons = new Map<string, string[]>();
  for (const v of explored) if (v.explore!.firstRoundOnly) reasons.set(v.explore!.firstRoundOnly, [...(reasons.get(v.explore!.firstRoundOnly) ?? []), v.id]);
  for (const [reason, ids] of reasons) lines.push(`  first round only (${reason}): ${ids.join(', ')}`);
  return lines;
}
