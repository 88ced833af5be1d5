import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { claimDefect, claimDefectRepresentatives } from './claim-defect.ts';

const STRICT = { requireExp: true, checksFutureIat: true, checksMaxAge: false, toleranceSeconds: 2 };

describe('claimDefect', () => {
  test('time defects lie beyond leeway plus tolerance and name their offset', () => {
    fc.assert(
      fc.property(
        claimDefect(STRICT),
        (d) => d.beyondLeewaySeconds === undefined || (d.beyondLeewaySeconds >= 3 && d.id === `${d.family}+${d.beyondLeewaySeconds}s`),
      ),
      { seed: 1 },
    );
    expect(claimDefectRepresentatives(STRICT)[0]).toMatchObject({ id: 'exp:past-leeway+3s', family: 'exp:past-leeway' });
  });

  test('a missing exp is generated only when the contract requires exp', () => {
    const ids = (requireExp: boolean) => claimDefectRepresentatives({ ...STRICT, requireExp, toleranceSeconds: 0 }).map((d) => d.id);
    expect(ids(true)).toContain('exp:missing');
    expect(ids(false)).not.toContain('exp:missing');
    fc.assert(
      fc.property(claimDefect({ ...STRICT, requireExp: false, toleranceSeconds: 0 }), (d) => d.id !== 'exp:missing'),
      { seed: 1 },
    );
  });

  test('a future iat only when the service checks it; an iat past the maximum age only when one is declared', () => {
    const ids = (o: Partial<typeof STRICT>) => claimDefectRepresentatives({ ...STRICT, ...o }).map((d) => d.family);
    expect(ids({})).toContain('iat:future-leeway');
    expect(ids({})).not.toContain('iat:past-max-age');
    expect(ids({ checksFutureIat: false })).not.toContain('iat:future-leeway');
    expect(ids({ checksMaxAge: true })).toContain('iat:past-max-age');
    fc.assert(
      fc.property(claimDefect({ ...STRICT, checksFutureIat: false }), (d) => d.family !== 'iat:future-leeway'),
      { seed: 1 },
    );
  });

  test('a bad tolerance is refused, naming the value', () => {
    expect(() => claimDefect({ ...STRICT, toleranceSeconds: -1 })).toThrow(/got -1/);
  });
});
