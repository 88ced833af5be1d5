import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { checkProperty } from '../checks/check-property.ts';
import { roundSeed } from '../checks/seed.ts';
import { defineInvariant, type InvariantSpec } from '../invariants/define-invariant.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import { exploreRounds, type ExploreOptions } from './explore-rounds.ts';

const runDir = () => mkdtempSync(path.join(os.tmpdir(), 'tp-explore-'));

/** An invariant whose property writes one evidence line per case and leaks on the values `leaks` picks. */
function invariant(id: string, dir: string, seeds: number[], leaks: (n: number) => boolean = () => false, extra: Partial<InvariantSpec> = {}) {
  return defineInvariant({
    id,
    title: id,
    description: id,
    severity: 'low',
    owasp: '',
    cwe: '',
    requires: [],
    run: (ctx) => {
      seeds.push(ctx.handle.seed);
      return checkProperty(ctx, {
        invariant: id,
        arbitrary: fc.nat({ max: 1000 }),
        control: async () => undefined,
        probe: async (n) => {
          appendFileSync(path.join(dir, 'evidence.ndjson'), `${JSON.stringify({ invariant: id, kind: 'http', operation: 'notes.read', label: 'probe' })}\n`);
          return leaks(n) ? { invariant: id, message: `leaked ${n}`, steps: [] } : undefined;
        },
      });
    },
    ...extra,
  });
}

function options(dir: string, definitions: ExploreOptions['definitions'], untilMs: number) {
  const recorded = new Map<string, InvariantVerdict>();
  const ctx = {
    handle: { seed: 11, profile: 'quick', replayBase: 'tenantproof certify --seed 11', corpusDir: dir },
    config: { profiles: { quick: { numRuns: 5, findings: 1 } } },
    evidence: { flush() {} },
  } as unknown as SuiteContext;
  return {
    recorded,
    run: async () => {
      // The first round, as the per-invariant tests run it.
      const firstRounds = new Map<string, InvariantVerdict>();
      for (const d of definitions) firstRounds.set(d.id, await d.run(ctx));
      const o: ExploreOptions = {
        definitions,
        firstRounds,
        runSeed: 11,
        runDir: dir,
        until: Date.now() + untilMs,
        signal: new AbortController().signal,
        contextFor: async () => ctx,
        record: (v) => recorded.set(v.id, v),
      };
      return exploreRounds(o);
    },
  };
}

describe('exploreRounds', () => {
  test('spends rounds until the deadline, each with its round seed, on every invariant', async () => {
    const dir = runDir();
    const seeds: Record<string, number[]> = { 'A-1': [], 'B-1': [] };
    const { run, recorded } = options(dir, [invariant('A-1', dir, seeds['A-1']!), invariant('B-1', dir, seeds['B-1']!)], 300);
    const rounds = await run();
    expect(rounds).toBeGreaterThan(2);
    const all = [...seeds['A-1']!.slice(1), ...seeds['B-1']!.slice(1)];
    expect(all.sort()).toEqual(Array.from({ length: rounds }, (_, i) => roundSeed(11, i + 1)).sort());
    for (const id of ['A-1', 'B-1']) {
      expect(recorded.get(id)?.verdict).toBe('held');
      expect(recorded.get(id)?.explore?.rounds).toBe(seeds[id]!.length);
      expect(recorded.get(id)?.cases).toBe(5 * seeds[id]!.length);
    }
  });

  test('a finding ends the rounds of its invariant and replays from its round seed', async () => {
    const dir = runDir();
    const seeds: number[] = [];
    // Leaks on about 1 value in 50, none of them a boundary fast-check favours: not in the first
    // round of 5 cases (seed 11), surely within the rounds of a few seconds.
    const { run, recorded } = options(dir, [invariant('A-1', dir, seeds, (n) => n % 50 === 17 && n > 100)], 5_000);
    await run();
    const verdict = recorded.get('A-1')!;
    expect(verdict.verdict).toBe('violated');
    expect(seeds.length).toBe(verdict.explore!.rounds);
    // Seeds are fixed, so this is always the same later round.
    const round = verdict.explore!.decidedInRound!;
    expect(round).toBeGreaterThan(0);
    expect(verdict.counterexample?.seed).toBe(roundSeed(11, round));
    expect(verdict.counterexample?.replay).toContain(`--seed ${roundSeed(11, round)} --only A-1`);
  });

  test('explore: false and a check without a seeded property get their first round only', async () => {
    const dir = runDir();
    const seeds: number[] = [];
    const fixed = defineInvariant({
      id: 'C-1',
      title: 'C-1',
      description: '',
      severity: 'low',
      owasp: '',
      cwe: '',
      requires: [],
      run: async () => ({ id: 'C-1', verdict: 'held', cases: 1, durationMs: 1 }),
    });
    const { run, recorded } = options(dir, [invariant('A-1', dir, seeds, undefined, { explore: false }), fixed], 300);
    expect(await run()).toBe(0);
    expect(seeds).toHaveLength(1);
    expect(recorded.get('A-1')?.explore).toEqual({ rounds: 1, firstRoundOnly: 'explore: false in its definition' });
    expect(recorded.get('C-1')?.explore).toEqual({ rounds: 1, firstRoundOnly: 'not a seeded property' });
  });
});
