/**
 * A disk that fills while the suites write evidence ends the run with one line naming the file to
 * free (DISK_FULL, exit 2), not an `error` verdict per invariant. The disk is full for real: as soon
 * as the run folder exists, and long before the first probe, its evidence.ndjson becomes a link to
 * /dev/full, where every write fails with ENOSPC.
 */
import { readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { processesLeftBehind, REFERENCE_CONFIG, startCli } from './support/cli.ts';

test('evidence.ndjson on a full disk mid-run: DISK_FULL naming it, exit 2, nothing left running', async () => {
  const run = startCli(['certify', '--config', REFERENCE_CONFIG, '--only', 'TI-1,AUTH-2', '--profile', 'quick', '--seed', '1']);
  let runDir: string | undefined;
  while (!runDir) {
    runDir = readdirSync(run.reportsDir).find((name) => name.startsWith('run-'));
    if (!runDir) await sleep(10);
  }
  const evidence = path.join(run.reportsDir, runDir, 'evidence.ndjson');
  symlinkSync('/dev/full', evidence);
  const { code } = await run.exited;
  expect(code, run.stdout() + run.stderr()).toBe(2);
  expect(run.stderr()).toBe(`tenantproof: DISK_FULL: no space left on the device holding ${evidence} (ENOSPC): free some space there\n`);
  // Mid-run: the environment was up and the first invariant ran into the full disk.
  expect(run.stdout()).toContain('target healthy');
  expect(run.stdout()).toMatch(/\] FAIL +TI-1 /);
  expect(await processesLeftBehind(run.marker)).toEqual([]);
});
