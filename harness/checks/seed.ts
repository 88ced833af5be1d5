import { createHash } from 'node:crypto';

/**
 * The fast-check seed of one invariant's property, derived from the run seed and the invariant id,
 * so `--only TI-1 --seed S` replays exactly what the full run with seed S generated for TI-1.
 */
export function invariantSeed(runSeed: number, invariantId: string): number {
  return createHash('sha256').update(`${runSeed}:${invariantId}`).digest().readInt32LE(0);
}

/**
 * The run seed an `--explore` round draws with: round 0 is the run seed itself (the first round is
 * the run without explore), round n a seed derived from it. A later round is thus exactly the first
 * round of a run with that seed, so its counterexample replays with `--seed <round seed>`.
 */
export function roundSeed(runSeed: number, round: number): number {
  if (!Number.isInteger(round) || round < 0) throw new RangeError(`roundSeed: round must be a non-negative integer, found ${round}`);
  return round === 0 ? runSeed : createHash('sha256').update(`${runSeed}:round:${round}`).digest().readInt32LE(0);
}
