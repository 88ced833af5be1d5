import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { claimDefect, claimDefectRepresentatives } from './claim-defect.ts';

describe('claimDefect', () => {
  test('time defects lie beyond leeway plus tolerance and name their offset', () => {
    fc.assert(
      fc.property(claimDefect({ requireExp: true, toleranceSeconds: 2 }), (d) => d.beyondLeewaySeconds === undefined || (d.beyondLeewaySeconds >= 3 && d.id === `${d.family}+${d.beyondLeewaySeconds}s`)),
      { seed: 1 },
    );
    expect(claimDefectRepresentatives({ requireExp: true, toleranceSeconds: 2 })[0]).toMatchObject({ id: 'exp:past-leeway+3s', family: 'exp:past-leeway' });
  });

  test('a missing exp is generated only when the contract requires exp', () => {
    const ids = (requireExp: boolean) => claimDefectRepresentatives({ requireExp, toleranceSeconds: 0 }).map((d) => d.id);
    expect(ids(true)).toContain('exp:missing');
    expect(ids(false)).not.toContain('exp:missing');
    fc.assert(fc.property(claimDefect({ requireExp: false, toleranceSeconds: 0 }), (d) => d.id !== 'exp:missing'), { seed: 1 });
  });

  test('a bad tolerance is refused, naming the value', () => {
    expect(() => claimDefect({ requireExp: true, toleranceSeconds: -1 })).toThrow(/got -1/);
  });
});
