/**
 * Two certify runs at once on one machine, from one checkout into one reports folder, do not
 * interfere: what they share (the cached cluster and its lock, free ports, the reapers' registry,
 * the scratch folders each sweeps for orphans, `latest`) is taken or replaced whole by one of them.
 * Both exit 0 with bundles of their own, on Postgres servers of their own, and leave nothing running.
 * Cost: 11 s measured (two runs of three cheap invariants side by side, on 2 shared cores).
 */
import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { verifyManifest } from '../../reports/manifest.ts';
import type { Summary } from '../../reports/summary.ts';
import { processesLeftBehind, REFERENCE_CONFIG, startCli } from './support/cli.ts';

// Each touches the target and Postgres (TI-1 over HTTP, DB-2 as the app role, MIG-1 the migrations).
const ARGS = ['certify', '--config', REFERENCE_CONFIG, '--only', 'TI-1,DB-2,MIG-1', '--profile', 'quick'];

test('two runs at once both exit 0, each with its own bundle and Postgres, and leave nothing running', async () => {
  const reportsDir = mkdtempSync(path.join(os.tmpdir(), 'tp-parallel-'));
  // CI unset: `cluster: auto` is then the cached cluster, which only one of the two may take.
  const runs = [1, 2].map((seed) => startCli([...ARGS, '--seed', String(seed)], { CI: '' }, reportsDir));
  const exits = await Promise.all(runs.map((r) => r.exited));

  const runIds = runs.map((run, i) => {
    const output = run.stdout() + run.stderr();
    expect(exits[i]?.code, output).toBe(0);
    return /evidence in \S+\/(run-\S+)/.exec(output)?.[1];
  });
  expect(new Set(runIds).size).toBe(2);
  for (const [i, runId] of runIds.entries()) {
    const runDir = path.join(reportsDir, runId!);
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary).toMatchObject({ runId, seed: i + 1, exitCode: 0 });
    expect(summary.invariants.filter((v) => v.verdict === 'held').map((v) => v.id)).toEqual(['DB-2', 'MIG-1', 'TI-1']);
    expect(verifyManifest(runDir).problems).toEqual([]);
  }
  expect(runIds).toContain(readlinkSync(path.join(reportsDir, 'latest')));

  const servers = runs.map((run) => /postgres: embedded [\d.]+ on (\S+), pid (\d+)/.exec(run.stdout())?.slice(1));
  expect(servers.every(Boolean), runs.map((r) => r.stdout()).join('\n')).toBe(true);
  expect(servers[0]![0]).not.toBe(servers[1]![0]);
  expect(servers[0]![1]).not.toBe(servers[1]![1]);
  // The other may find it busy because of a third run on the machine; two runs in one cluster never.
  expect(
    runs.filter((r) => r.stdout().includes('cached cluster started in place') || r.stdout().includes('initialised for later runs')).length,
  ).toBeLessThanOrEqual(1);

  for (const run of runs) expect(await processesLeftBehind(run.marker)).toEqual([]);
});
