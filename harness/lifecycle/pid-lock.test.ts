import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';
import { raceInProcesses } from './_internals/test-racers.ts';
import { identityOf } from './reaper-registry.ts';
import { takePidLock } from './pid-lock.ts';

const tmp = tempDirs('tp-pid-lock-');

/** A process that is gone: spawned, exited, reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('takePidLock', () => {
  test('names its holder, refuses a second taker while held, and frees the file on release', () => {
    const file = path.join(tmp(), 'lock');
    const release = takePidLock(file);
    expect(release).toBeDefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(identityOf(process.pid));
    expect(takePidLock(file)).toBeUndefined();
    release!();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  test('a live holder keeps it, in the old bare-pid format too', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'new'), JSON.stringify(identityOf(process.ppid)));
    writeFileSync(path.join(dir, 'old'), String(process.ppid));
    expect(takePidLock(path.join(dir, 'new'))).toBeUndefined();
    expect(takePidLock(path.join(dir, 'old'))).toBeUndefined();
  });

  test('a holder that died, a reused pid (other start time) or unreadable text is displaced', async () => {
    const dir = tmp();
    const holders = {
      dead: JSON.stringify({ pid: await deadPid(), startTime: '1' }),
      reused: JSON.stringify({ pid: process.ppid, startTime: 'not-its-start-time' }),
      empty: '',
    };
    for (const [name, text] of Object.entries(holders)) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const release = takePidLock(file);
      expect(release, name).toBeDefined();
      expect(JSON.parse(readFileSync(file, 'utf8')), name).toEqual(identityOf(process.pid));
      release!();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test('release leaves alone a lock that another holder has taken since', () => {
    const file = path.join(tmp(), 'lock');
    const release = takePidLock(file)!;
    const other = JSON.stringify(identityOf(process.ppid));
    writeFileSync(file, other);
    release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });

  test('processes racing for one free lock: exactly one at a time holds it', async () => {
    const file = path.join(tmp(), 'lock');
    const module = path.join(import.meta.dirname, 'pid-lock.ts');
    // Each racer tries 3000 times to take the lock, and counts the times it held it while another did too.
    const racer = `
      import { existsSync, readFileSync } from 'node:fs';
      const { takePidLock } = await import(${JSON.stringify(module)});
      let held = 0, overlaps = 0;
      for (let i = 0; i < 3000; i++) {
        const release = takePidLock(${JSON.stringify(file)});
        if (!release) continue;
        held++;
        if (JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8')).pid !== process.pid) overlaps++;
        release();
      }
      console.log(JSON.stringify({ held, overlaps }));`;
    const runs = await raceInProcesses<{ held: number; overlaps: number }>(3, racer);
    expect(runs.map((r) => r.overlaps)).toEqual([0, 0, 0]);
    expect(runs.reduce((n, r) => n + r.held, 0)).toBeGreaterThan(0);
  });
});
