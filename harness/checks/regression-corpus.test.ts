import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkProperty, type CheckContext } from './check-property.ts';
import { addToCorpus, corpusEntries } from './regression-corpus.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { sampleSummary } from '../../reports/test-support/sample-summary.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';

const tmp = tempDirs('tp-corpus-');
const ctxWith = (seed: number, corpusDir?: string, replayPath?: string): CheckContext => ({
  handle: { seed, profile: 'quick', replayBase: `tenantproof certify --seed ${seed}`, corpusDir, ...(replayPath ? { replayPath } : {}) },
  config: { profiles: { quick: { numRuns: 200 } } } as never,
});
/** A rare bug: one pair of 100 x 100. */
const pairs = fc.record({ actor: fc.nat({ max: 99 }), victim: fc.nat({ max: 99 }) });
const isTheBug = (v: { actor: number; victim: number }) => v.actor >= 90 && v.victim <= 9;
const leak = { invariant: 'TI-1', message: 'tenant 9 read of notes 3 of tenant 0: leaked', victim: { tenant: 't0', resource: 'notes' }, steps: [] };

/** Runs the property; `seen` counts the cases it took. */
async function run(ctx: CheckContext, bug = isTheBug) {
  let seen = 0;
  const verdict = await checkProperty(ctx, {
    invariant: 'TI-1',
    arbitrary: pairs,
    control: async () => undefined,
    probe: async (v) => (seen++, bug(v) ? leak : undefined),
  });
  return { verdict, seen };
}
/** A corpus holding what a run with seed 1 found. */
async function corpusFoundBySeed1(): Promise<{ dir: string; found: InvariantVerdict }> {
  const dir = tmp();
  const { verdict } = await run(ctxWith(1));
  expect(verdict.verdict).toBe('violated');
  const summary = sampleSummary();
  summary.invariants = [{ ...summary.invariants[1]!, ...verdict }];
  expect(addToCorpus(dir, summary)).toHaveLength(1);
  return { dir, found: verdict };
}

describe('the regression corpus', () => {
  test("a run's counterexamples are kept once per finding, with the seed and path that generate them", async () => {
    const { dir, found } = await corpusFoundBySeed1();
    const [entry] = corpusEntries(dir, 'TI-1');
    expect(entry).toMatchObject({ seed: 1, path: found.counterexample!.path, value: found.counterexample!.value });
    expect(addToCorpus(dir, { ...sampleSummary(), invariants: [{ ...sampleSummary().invariants[1]!, ...found }] })).toEqual([]);
    expect(corpusEntries(dir, 'TI-2')).toEqual([]);
  });

  test('a file that is not an entry, and a stateful sequence path, are not cases', () => {
    const dir = tmp();
    addToCorpus(dir, sampleSummary());
    const folder = path.join(dir, 'TI-1');
    writeFileSync(path.join(folder, 'broken.json'), '{ half');
    const [name] = readdirSync(folder).filter((n) => n !== 'broken.json');
    const entry = JSON.parse(readFileSync(path.join(folder, name!), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(folder, 'sequence.json'), JSON.stringify({ ...entry, path: '3:1~0:2' }));
    expect(corpusEntries(dir, 'TI-1').map((e) => e.path)).toEqual(['0:0']);
  });

  test('a bug found again through the corpus still has its distinct neighbours reported', async () => {
    const { dir } = await corpusFoundBySeed1();
    const ctx = { ...ctxWith(2, dir), config: { profiles: { quick: { numRuns: 200, findings: 2 } } } as never };
    const files = { ...leak, message: 'tenant 5 read of files 1 of tenant 2: leaked', victim: { tenant: 't2', resource: 'files' } };
    const verdict = await checkProperty(ctx, {
      invariant: 'TI-1',
      arbitrary: pairs,
      control: async () => undefined,
      probe: async (v) => (isTheBug(v) ? leak : v.actor === v.victim ? files : undefined),
    });
    expect(verdict.counterexample?.corpusEntry).toBeDefined();
    expect(verdict.counterexample?.violation.message).toBe(leak.message);
    expect(verdict.alsoViolated).toEqual([expect.stringContaining('read of files')]);
  });

  test('a bug the corpus knows is found again in the first cases of another seed, which alone needs many', async () => {
    const { dir } = await corpusFoundBySeed1();
    const alone = await run(ctxWith(2));
    const withCorpus = await run(ctxWith(2, dir));
    expect(withCorpus.verdict.verdict).toBe('violated');
    expect(withCorpus.verdict.counterexample?.corpusEntry).toMatch(/TI-1\/[0-9a-f]{12}\.json$/);
    expect(withCorpus.verdict.counterexample?.replay).toMatch(/^tenantproof certify --seed 2 --seed 1 --only TI-1 --replay-path \d/);
    expect(withCorpus.seen).toBeLessThan(alone.seen);
    // The recorded seed and path replay it without the corpus.
    const replayed = await run(ctxWith(1, undefined, withCorpus.verdict.counterexample!.path));
    expect(replayed.verdict.counterexample?.value).toEqual(withCorpus.verdict.counterexample?.value);
  });

  test('a fixed bug: the corpus case holds, the random cases still run, and nothing is tainted', async () => {
    const { dir } = await corpusFoundBySeed1();
    const fixed = await run(ctxWith(2, dir), () => false);
    expect(fixed.verdict.verdict).toBe('held');
    expect(fixed.seen).toBeGreaterThan(200);
  });

  test('a replay follows its own path and leaves the corpus alone', async () => {
    const { dir } = await corpusFoundBySeed1();
    const replay = await run(ctxWith(2, dir, '0'));
    expect(replay.verdict.counterexample?.corpusEntry).toBeUndefined();
  });
});
