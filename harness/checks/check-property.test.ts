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

describe('checkProperty reports every distinct finding, up to the profile', () => {
  const two = { handle: ctx.handle, config: { profiles: { quick: { numRuns: 20, findings: 3 } } } as never };
  /** Odd values leak from one resource, multiples of four from another: two distinct bugs. */
  const probe = async (n: number) =>
    n % 2 === 1
      ? { ...violation, message: `read of notes ${n}: leaked`, victim: { tenant: 't2', resource: 'notes' } }
      : n % 4 === 0 && n > 0
        ? { ...violation, message: `read of files ${n}: leaked`, victim: { tenant: 't2', resource: 'files' } }
        : undefined;

  test('a second bug under the same invariant is reported beside the shrunk first one', async () => {
    const verdict = await checkProperty(two, { invariant: 'X-1', arbitrary: fc.nat({ max: 50 }), control: async () => undefined, probe });
    expect(verdict.verdict).toBe('violated');
    const messages = [verdict.counterexample!.violation.message, ...(verdict.alsoViolated ?? [])];
    expect(messages.map((m) => m.split(' ')[2]).sort()).toEqual(['files', 'notes']);
  });

  test('the same finding on other values is not reported twice', async () => {
    const verdict = await checkProperty(two, {
      invariant: 'X-1',
      arbitrary: fc.nat({ max: 50 }),
      control: async () => undefined,
      probe: async (n) => (n > 3 ? { ...violation, message: `read of notes ${n}: leaked`, victim: { tenant: 't2', resource: 'notes' } } : undefined),
    });
    expect(verdict.verdict).toBe('violated');
    expect(verdict.alsoViolated).toBeUndefined();
  });

  test('with the default of one finding, the second bug waits for a later run', async () => {
    const verdict = await checkProperty(ctx, { invariant: 'X-1', arbitrary: fc.nat({ max: 50 }), control: async () => undefined, probe });
    expect(verdict.verdict).toBe('violated');
    expect(verdict.alsoViolated).toBeUndefined();
  });
});
