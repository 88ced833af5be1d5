/**
 * Test helpers that look at processes through /proc: whether a pid still runs (zombies count as
 * gone: an orphaned postmaster's parent may be a PID 1 that reaps late), and which processes a
 * postmaster left behind. Used by the tests only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { procStat } from '../../lifecycle/proc-stat.ts';

/** True while `pid` exists and is not a zombie. */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = procStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

/** Live children of `pid` (a postmaster's backends and auxiliary processes). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => procStat(child)?.ppid === pid && running(child));
}

/** Live processes whose command line contains every one of `parts` (NUL-separated arguments). */
export function processesWith(...parts: string[]): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return parts.every((part) => commandLine.includes(part)) && running(pid);
      } catch {
        return false;
      }
    });
}

/**
 * Polls until `condition` holds; false if it still does not after `attempts` polls. The bound is
 * generous because a loaded 2-core machine can be slow; the tests assert the outcome, never a time.
 */
export async function eventually(condition: () => boolean, attempts = 200, everyMs = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (condition()) return true;
    await sleep(everyMs);
  }
  return condition();
}

/** The postmaster pid recorded in `dataDir/postmaster.pid`. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
