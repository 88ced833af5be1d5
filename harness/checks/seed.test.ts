import { describe, expect, test } from 'vitest';
import { invariantSeed, roundSeed } from './seed.ts';

describe('roundSeed', () => {
  test('round 0 is the run seed, so a first round is the run without explore', () => {
    expect(roundSeed(1234, 0)).toBe(1234);
  });
  test('later rounds are deterministic, distinct and 32-bit', () => {
    const seeds = [1, 2, 3, 4].map((r) => roundSeed(1234, r));
    expect(seeds).toEqual([1, 2, 3, 4].map((r) => roundSeed(1234, r)));
    expect(new Set([1234, ...seeds]).size).toBe(5);
    for (const s of seeds) expect(s | 0).toBe(s);
    expect(roundSeed(1235, 1)).not.toBe(roundSeed(1234, 1));
  });
  test('an invariant draws with its round seed as it would with that run seed', () => {
    expect(invariantSeed(roundSeed(7, 3), 'TI-1')).not.toBe(invariantSeed(7, 'TI-1'));
  });
  test('a negative or fractional round is refused', () => {
    expect(() => roundSeed(7, -1)).toThrow(/non-negative integer, found -1/);
    expect(() => roundSeed(7, 1.5)).toThrow(RangeError);
  });
});
