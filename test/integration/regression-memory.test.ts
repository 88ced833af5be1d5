/**
 * A nightly that remembers: three runs of the reference service in one runs folder. A run with the
 * `privileged-read` bug finds TI-1 and keeps it in the corpus; the next, on another seed, finds it
 * again on its first case from the corpus; a run of the fixed service shows TI-1 fixed since the
 * previous run, and `tenantproof diff` says the same (exit 1 only the other way round, on the new finding).
 *
 * Cost: three `--only TI-1` runs one after another, about 8 s each on an idle 2-core machine.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { REFERENCE_CONFIG, runCli } from './support/cli.ts';

test('a bug found once is found again first, and its fix shows as fixed', async () => {
  const runs = mkdtempSync(path.join(os.tmpdir(), 'tp-memory-'));
  const certify = (seed: number, env: Record<string, string> = {}) =>
    runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', String(seed), '--profile', 'quick', '--only', 'TI-1'], env, runs);
  const ti1 = (run: Awaited<ReturnType<typeof certify>>) => run.summary!.invariants.find((v) => v.id === 'TI-1')!;

  const found = await certify(1, { TENANTPROOF_BUGS: 'privileged-read' });
  expect(ti1(found).verdict, found.stdout).toBe('violated');
  expect(found.stdout).toMatch(/regression corpus: added .*corpus\/TI-1\/[0-9a-f]{12}\.json/);

  const again = await certify(2, { TENANTPROOF_BUGS: 'privileged-read' });
  expect(ti1(again).verdict, again.stdout).toBe('violated');
  expect(ti1(again).cases).toBe(1);
  expect(ti1(again).counterexample?.corpusEntry).toContain(path.join(runs, 'corpus', 'TI-1'));
  expect(again.summary!.sincePrevious).toMatchObject({ runId: found.summary!.runId, new: [], stillFailing: [{ invariant: 'TI-1' }] });

  const fixed = await certify(3);
  expect(fixed.code, fixed.stdout).toBe(0);
  expect(fixed.summary!.sincePrevious).toMatchObject({ runId: again.summary!.runId, new: [], fixed: [{ invariant: 'TI-1' }] });
  expect(fixed.stdout).toContain('0 new, 1 fixed, 0 still failing');

  const diff = await runCli(['diff', path.join(runs, found.summary!.runId), path.join(runs, fixed.summary!.runId)]);
  expect(diff.code, diff.stdout + diff.stderr).toBe(0);
  expect(diff.stdout).toMatch(/^ {2}fixed +TI-1 \[[0-9a-f]{12}\]/m);
  const regressed = await runCli(['diff', path.join(runs, fixed.summary!.runId, 'summary.json'), path.join(runs, found.summary!.runId)]);
  expect(regressed.code, regressed.stdout + regressed.stderr).toBe(1);
  expect(regressed.stdout).toMatch(/^ {2}new +TI-1 /m);
});
