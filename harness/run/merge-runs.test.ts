import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyManifest } from '../../reports/manifest.ts';
import { readCoverage } from '../../reports/coverage.ts';
import { publishReports } from '../../reports/publish-reports.ts';
import type { Summary } from '../../reports/summary.ts';
import { sampleSummary } from '../../reports/test-support/sample-summary.ts';
import { mergeRuns } from './merge-runs.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';

const tmp = tempDirs('tp-merge-');

/** A sealed shard folder whose summary keeps `ran` as they are and marks every other invariant skipped. */
async function shard(name: string, ran: string[], change: (s: Summary) => void = () => {}, declaredOperations?: string[]): Promise<string> {
  const dir = path.join(tmp(), name);
  const summary = sampleSummary();
  summary.runId = name;
  summary.invariants = summary.invariants.map((v) =>
    ran.includes(v.id) ? v : { ...v, verdict: 'skipped' as const, cases: 0, counterexample: undefined, details: undefined },
  );
  change(summary);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'evidence.ndjson'),
    ran.map((id) => JSON.stringify({ time: '', invariant: id, kind: 'http', operation: 'notes.read', request: {}, response: { status: 200 } })).join('\n') +
      '\n',
  );
  await publishReports(dir, summary, {
    manifest: {
      harness: summary.harness,
      runId: name,
      seed: summary.seed,
      profile: summary.profile,
      target: { name: 'x' },
      config: { path: '/c.ts', sha256: 'c'.repeat(64) },
    },
    declaredOperations,
  });
  return dir;
}

describe('mergeRuns', () => {
  test('the verdict of each invariant comes from the shard that ran it; evidence is concatenated; the bundle verifies', async () => {
    const a = await shard('run-a', ['AUTH-1', 'TI-1']);
    const b = await shard('run-b', ['RL-1']);
    const out = path.join(tmp(), 'merged');
    const { summary } = await mergeRuns([a, b], { outDir: out });
    expect(Object.fromEntries(summary.invariants.map((v) => [v.id, v.verdict]))).toEqual({
      'AUTH-1': 'held',
      'ID-1': 'skipped',
      'RL-1': 'inconclusive',
      'TI-1': 'violated',
    });
    expect(summary.exitCode).toBe(1);
    expect(summary.mergedFrom).toEqual(['run-a', 'run-b']);
    expect(readFileSync(path.join(out, 'evidence.ndjson'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(verifyManifest(out).ok).toBe(true);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<section id="TI-1" class="finding">');
  });

  test('the merged coverage.json names the declared operations no shard probed', async () => {
    const declared = ['notes.read', 'notes.list', 'notes.delete'];
    const a = await shard('run-a', ['AUTH-1'], undefined, declared);
    const b = await shard('run-b', ['RL-1'], undefined, declared);
    const out = path.join(tmp(), 'merged');
    await mergeRuns([a, b], { outDir: out });
    const coverage = readCoverage(out)!;
    expect(coverage.declared).toEqual(['notes.delete', 'notes.list', 'notes.read']);
    expect(coverage.neverReached.operations).toEqual(['notes.delete', 'notes.list']);
    expect(coverage.operations['notes.read']).toBe(2);
  });

  test('a waived verdict survives the merge with its waiver, and a run with nothing else failing exits 0', async () => {
    const waived = (s: Summary) => {
      s.invariants = s.invariants.map((v) =>
        v.id === 'TI-1' ? { ...v, verdict: 'waived' as const, waiver: { reason: 'tracked in #42', until: '2030-01-01' } } : v,
      );
    };
    const a = await shard('run-a', ['AUTH-1', 'TI-1'], waived);
    const b = await shard('run-b', ['ID-1']);
    const { summary } = await mergeRuns([a, b], { outDir: path.join(tmp(), 'merged') });
    expect(summary.invariants.find((v) => v.id === 'TI-1')).toMatchObject({
      verdict: 'waived',
      waiver: { reason: 'tracked in #42' },
      counterexample: { seed: 7 },
    });
    expect(summary.exitCode).toBe(0);
  });

  test('refuses a shard that fails verification, and shards of different runs', async () => {
    const a = await shard('run-a', ['AUTH-1']);
    const b = await shard('run-b', ['TI-1'], (s) => {
      s.seed = 8;
    });
    await expect(mergeRuns([a, b], { outDir: path.join(tmp(), 'm1') })).rejects.toThrow(/differs from .* in seed/);
    const c = await shard('run-c', ['TI-1']);
    writeFileSync(path.join(c, 'summary.json'), readFileSync(path.join(c, 'summary.json'), 'utf8').replace('"violated"', '"held"'));
    await expect(mergeRuns([a, c], { outDir: path.join(tmp(), 'm2') })).rejects.toThrow(/run-c fails verification:\n {2}summary.json: SHA-256 differs/);
  });
});
