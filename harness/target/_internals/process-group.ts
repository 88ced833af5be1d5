/**
 * Signals and inspects a detached child's whole process group, since a target often forks
 * (npm, a shell, a cluster primary) and killing only its pid would leave the real server running.
 */
import { readdirSync } from 'node:fs';
import { procStat } from '../../lifecycle/proc-stat.ts';

/** Sends `signal` to every process in group `pgid`; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    // EPERM means a member exists that we may not signal; treat it as present.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True while group `pgid` has a member that is not a zombie. Zombies count as gone: when the
 * leader dies first its children are reparented to PID 1, and in containers PID 1 often never
 * reaps them, so `kill(-pgid, 0)` alone would report a dead group alive forever.
 */
export function groupHasLiveMembers(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = procStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/** True while `pid` runs (exists and is not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = procStat(String(pid))?.state;
  return state !== 'Z' && state !== 'X';
}
