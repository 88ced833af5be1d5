import { describe, expect, test } from 'vitest';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { exploresFurther, mergeRound } from './merge-round.ts';

const held: InvariantVerdict = { id: 'X-1', verdict: 'held', cases: 30, durationMs: 1000, details: { first: true } };

describe('mergeRound', () => {
  test('a round that held adds its cases and time, and counts the round', () => {
    const once = mergeRound(held, { ...held, cases: 25, durationMs: 500, details: { second: true } }, 3);
    expect(once).toEqual({ ...held, cases: 55, durationMs: 1500, explore: { rounds: 2 } });
    expect(mergeRound(once, { ...held, cases: 5 }, 4)).toMatchObject({ cases: 60, explore: { rounds: 3 } });
    expect(exploresFurther(once)).toBe(true);
  });

  test('a round that found a violation decides, with every round counted, and ends the rounds', () => {
    const found: InvariantVerdict = { id: 'X-1', verdict: 'violated', cases: 7, durationMs: 300, reason: 'leak' };
    const merged = mergeRound({ ...held, explore: { rounds: 2 } }, found, 5);
    expect(merged).toEqual({ ...found, cases: 37, durationMs: 1300, explore: { rounds: 3, decidedInRound: 5 } });
    expect(exploresFurther(merged)).toBe(false);
  });

  test('a failed control or an error is not held either', () => {
    for (const verdict of ['inconclusive', 'error'] as const) {
      const merged = mergeRound(held, { id: 'X-1', verdict, cases: 1, durationMs: 1 }, 2);
      expect(merged.verdict).toBe(verdict);
      expect(exploresFurther(merged)).toBe(false);
    }
  });
});
