import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('checkProperty in a later explore round', () => {
  const leaky = { invariant: 'X-1', arbitrary: fc.nat({ max: 1000 }), control: async () => undefined, examples: [1, 2, 3] };
  const probe = async (n: number) => (n > 600 ? { ...violation, message: `value ${n} leaked` } : undefined);

  test('its counterexample replays, examples first, from the round seed and shifted path', async () => {
    const round = { ...ctx, handle: { ...ctx.handle, seed: 99, round: 2 }, config: { profiles: { quick: { numRuns: 40 } } } as never };
    const tried: number[] = [];
    const found = await checkProperty(round, { ...leaky, probe: async (n) => (tried.push(n), probe(n)) });
    expect(found.verdict).toBe('violated');
    // The examples were tried by the first round, not again.
    expect(tried.slice(0, 3)).not.toEqual([1, 2, 3]);
    const ce = found.counterexample!;
    expect(ce.seed).toBe(99);
    expect(ce.replay).toBe(`tenantproof certify --seed 99 --only X-1 --replay-path ${ce.path}`);
    // What `--seed 99 --replay-path P` runs: the first round of a run with the round's seed.
    const replayed = await checkProperty(
      { ...round, handle: { seed: 99, profile: 'quick', replayBase: 'tenantproof certify', replayPath: ce.path } },
      { ...leaky, probe },
    );
    expect(replayed.verdict).toBe('violated');
    expect(replayed.counterexample?.value).toEqual(ce.value);
    // Fixed, the replay holds after that one case: it does not go on to judge others.
    const fixed = await checkProperty(
      { ...round, handle: { seed: 99, profile: 'quick', replayBase: 'tenantproof certify', replayPath: ce.path } },
      { ...leaky, probe: async () => undefined },
    );
    expect([fixed.verdict, fixed.cases]).toEqual(['held', 1]);
  });

  test('the corpus is left to the first round', async () => {
    // The case a corpus entry (run seed 5, path 3: the first random value after the examples) regenerates.
    const tried: number[] = [];
    const at5 = { ...ctx, handle: { ...ctx.handle, seed: 5 } };
    await checkProperty(at5, { ...leaky, probe: async (n) => void tried.push(n) });
    const rare = tried[3]!;
    const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'tp-corpus-'));
    mkdirSync(path.join(corpusDir, 'X-1'));
    const entry = {
      format: 'tenantproof-corpus-entry',
      version: 1,
      invariant: 'X-1',
      fingerprint: 'f',
      message: 'm',
      value: rare,
      seed: 5,
      path: '3',
      numRuns: 5,
      foundIn: 'r',
    };
    writeFileSync(path.join(corpusDir, 'X-1', 'f.json'), JSON.stringify(entry));
    const onlyRare = { ...leaky, probe: async (n: number) => (n === rare ? { ...violation, message: `value ${n} leaked` } : undefined) };
    const first = await checkProperty({ ...ctx, handle: { ...ctx.handle, corpusDir } }, onlyRare);
    expect(first.counterexample?.corpusEntry).toContain('f.json');
    const later = await checkProperty({ ...ctx, handle: { ...ctx.handle, corpusDir, round: 1 } }, onlyRare);
    expect(later.counterexample?.corpusEntry).toBeUndefined();
    // Once the bug is fixed, the entry costs its one case, not a run from its path onwards.
    const fixed = await checkProperty({ ...ctx, handle: { ...ctx.handle, corpusDir } }, { ...leaky, probe: async () => undefined });
    expect(fixed.verdict).toBe('held');
    expect(fixed.cases).toBe(1 + 3 + 5);
  });
});
