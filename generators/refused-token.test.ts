import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { refusedTokenBurst } from './refused-token.ts';

describe('refusedTokenBurst', () => {
  test('bursts stay within bounds', () => {
    fc.assert(
      fc.property(refusedTokenBurst(2), (b) => b.count >= 1 && b.count <= 2),
      { seed: 1 },
    );
  });
  test('a bad bound is refused up front, naming the value', () => {
    expect(() => refusedTokenBurst(0)).toThrow(/got 0/);
  });
});
