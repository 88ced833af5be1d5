import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isolationStep } from './isolation-step.ts';

describe('isolationStep', () => {
  test('steps name existing users and resources and only the allowed operations', () => {
    fc.assert(
      fc.property(
        isolationStep({ users: 6, resources: 2, ops: ['create', 'list'] }),
        (s) => s.actor < 6 && s.resource < 2 && ['create', 'list'].includes(s.op),
      ),
      { seed: 1 },
    );
  });
  test('the same seed gives the same steps', () => {
    const arb = isolationStep({ users: 6, resources: 2 });
    expect(fc.sample(arb, { seed: 3, numRuns: 5 })).toEqual(fc.sample(arb, { seed: 3, numRuns: 5 }));
  });
  test('a failure shrinks to a create by the first user', () => {
    const result = fc.check(
      fc.property(isolationStep({ users: 6, resources: 2 }), () => false),
      { seed: 1 },
    );
    expect(result.counterexample?.[0]).toEqual({ op: 'create', actor: 0, resource: 0, row: 0 });
  });
  test('bad constraints are refused up front, naming the value', () => {
    expect(() => isolationStep({ users: 1, resources: 1 })).toThrow(/got 1/);
    expect(() => isolationStep({ users: 2, resources: 0 })).toThrow(/got 0/);
  });
});
