/**
 * One invariant's verdict after a further `--explore` round: a round that held adds its cases and
 * time to the verdict so far; one that did not (violated, or a control that failed, or an error)
 * is the verdict from then on, with every round's cases, and no more rounds are spent on it.
 */
import type { InvariantVerdict } from '../../reports/verdict.ts';

export function mergeRound(sofar: InvariantVerdict, round: InvariantVerdict, roundNumber: number): InvariantVerdict {
  const cases = sofar.cases + round.cases;
  const durationMs = sofar.durationMs + round.durationMs;
  const rounds = (sofar.explore?.rounds ?? 1) + 1;
  if (round.verdict === 'held') return { ...sofar, cases, durationMs, explore: { rounds } };
  return { ...round, cases, durationMs, explore: { rounds, decidedInRound: roundNumber } };
}

/** Whether more rounds may be spent on an invariant with this verdict: only while it holds. */
export const exploresFurther = (v: InvariantVerdict): boolean => v.verdict === 'held';
