import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lockstepBursts, requestBurst } from './request-burst.ts';

describe('requestBurst', () => {
  test('bursts hold 2..maxRequests requests by existing users on existing resources', () => {
    fc.assert(
      fc.property(
        requestBurst({ users: 6, resources: 2, maxRequests: 5 }),
        (b) => b.length >= 2 && b.length <= 5 && b.every((r) => r.actor < 6 && r.resource < 2 && r.after <= 3),
      ),
      { seed: 1 },
    );
  });
  test('a failure shrinks to two simultaneous lists by the first two users', () => {
    const result = fc.check(
      fc.property(requestBurst({ users: 6, resources: 2 }), () => false),
      { seed: 1 },
    );
    expect(result.counterexample?.[0]).toEqual([
      { op: 'list', actor: 0, resource: 0, row: 0, after: 0 },
      { op: 'list', actor: 1, resource: 0, row: 0, after: 0 },
    ]);
  });
  test('about one burst in four sends the same list or shared search from several users at once', () => {
    const bursts = fc.sample(requestBurst({ users: 6, resources: 2 }), { numRuns: 400, seed: 3 });
    const lockstep = bursts.filter(
      (b) => new Set(b.map((r) => r.actor)).size >= 2 && b.every((r) => r.after === 0 && r.op === b[0]!.op && r.op !== 'read' && r.resource === b[0]!.resource),
    );
    expect(lockstep.length).toBeGreaterThan(60);
    expect(lockstep.length).toBeLessThan(150);
  });
  test('bad constraints are refused up front, naming the value', () => {
    expect(() => requestBurst({ users: 6, resources: 1, maxRequests: 1 })).toThrow(/got 1/);
  });
});

describe('lockstepBursts', () => {
  test('two bursts per resource: every user lists it, then searches it for the shared term, twice round the world, all leaving at once', () => {
    const bursts = lockstepBursts({ users: 6, resources: 2 });
    expect(bursts.map((b) => `${b[0]!.op}:${b[0]!.resource}`)).toEqual(['list:0', 'shared-search:0', 'list:1', 'shared-search:1']);
    for (const b of bursts) {
      expect(b).toHaveLength(12);
      expect(b.every((r) => r.op === b[0]!.op && r.resource === b[0]!.resource && r.after === 0)).toBe(true);
      expect(b.map((r) => r.actor)).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    }
  });
  test('a world larger than the burst cap gives bursts of the cap', () => {
    expect(lockstepBursts({ users: 40, resources: 1, maxRequests: 24 })[0]).toHaveLength(24);
  });
});
