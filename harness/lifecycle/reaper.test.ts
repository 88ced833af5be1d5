import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { procStat } from './proc-stat.ts';
import { identityOf, isAlive, OWNER_FILE, REAPER_DIR_VARIABLE, registerWithReaper, registryRoot, writeJsonFile } from './reaper-registry.ts';
import { RUN_PREFIX, sweepAbandonedRuns } from './sweep-abandoned-runs.ts';

const REAPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reaper.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const started: number[] = [];

/** A detached `sleep` leading its own process group, as the harness starts Postgres and targets. */
function sleeper(): number {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

/** A registry folder owned by `owner`, with REAPER_DIR_VARIABLE pointing at it while `register` runs. */
function registry(owner: number, register: () => void): string {
  const dir = path.join(registryRoot(), `${RUN_PREFIX}test-${process.pid}-${started.length}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  writeJsonFile(path.join(dir, OWNER_FILE), identityOf(owner));
  process.env[REAPER_DIR_VARIABLE] = dir;
  try {
    register();
  } finally {
    delete process.env[REAPER_DIR_VARIABLE];
  }
  return dir;
}

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

describe('the reaper', () => {
  it('ends the registered group and removes the registered folder once its pipe closes, sparing a reused pid', async () => {
    const group = sleeper();
    const temp = mkdtempSync(path.join(os.tmpdir(), 'tp-reaper-test-'));
    // Our own pid with another start time: what a pid handed to an unrelated process looks like.
    const impostor = { pid: process.pid, startTime: `${Number(procStat(process.pid)!.startTime) + 1}` };
    const dir = registry(process.pid, () => {
      registerWithReaper({ kind: 'group', stopSignal: 'SIGTERM', ...identityOf(group) });
      registerWithReaper({ kind: 'process', stopSignal: 'SIGKILL', ...impostor });
      registerWithReaper({ kind: 'dir', path: temp });
    });
    const reaper = spawn(process.execPath, ['--import', TSX, REAPER, dir], { stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise((resolve) => reaper.once('exit', resolve));
    reaper.stdin.end();
    expect(await exited).toBe(0);
    expect(isAlive(identityOf(group))).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a later sweep reaps a run whose owner and reaper died, by recorded identity only', async () => {
    const orphan = sleeper();
    const unrelated = sleeper();
    const deadOwner = spawnSync('true').pid!;
    const dir = registry(deadOwner, () => {
      registerWithReaper({ kind: 'group', stopSignal: 'SIGTERM', ...identityOf(orphan) });
      registerWithReaper({ kind: 'group', stopSignal: 'SIGTERM', pid: unrelated, startTime: '1' });
    });
    expect(await sweepAbandonedRuns()).toContain(dir);
    expect(isAlive(identityOf(orphan))).toBe(false);
    expect(isAlive(identityOf(unrelated))).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
