import { createHash } from 'node:crypto';

/**
 * The fast-check seed of one invariant's property, derived from the run seed and the invariant id,
 * so `--only TI-1 --seed S` replays exactly what the full run with seed S generated for TI-1.
 */
export function invariantSeed(runSeed: number, invariantId: string): number {
  return createHash('sha256').update(`${runSeed}:${invariantId}`).digest().readInt32LE(0);
}
