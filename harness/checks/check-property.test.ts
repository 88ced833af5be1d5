import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkProperty, type CheckContext } from './check-property.ts';

const ctx: CheckContext = {
  handle: { seed: 1, profile: 'quick', replayBase: 'tenantproof certify' },
  config: { profiles: { quick: { numRuns: 5 } } } as never,
};
const violation = { invariant: 'X-1', message: 'the control answer carried a foreign row', steps: [] };

describe('checkProperty positive controls', () => {
  test('a failed control makes the verdict inconclusive, never held', async () => {
    const verdict = await checkProperty(ctx, { invariant: 'X-1', arbitrary: fc.nat(), control: async () => 'refused', probe: async () => undefined });
    expect(verdict.verdict).toBe('inconclusive');
  });
  test('a control whose own answer breaks the invariant is a violation, not a failed control', async () => {
    const verdict = await checkProperty(ctx, { invariant: 'X-1', arbitrary: fc.nat(), control: async () => violation, probe: async () => undefined });
    expect(verdict.verdict).toBe('violated');
    expect(verdict.counterexample?.violation.message).toBe(violation.message);
  });
});
