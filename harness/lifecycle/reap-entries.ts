/**
 * Ends what a dead run registered: each process (group leader) gets its polite stop signal, then
 * after a short grace every group and process still there gets SIGKILL, then the folders go.
 * A pid whose start time differs from the recorded one belongs to someone else and is left alone.
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { procStat } from './proc-stat.ts';
import { isAlive, type ProcessIdentity, type ReaperEntry } from './reaper-registry.ts';

/** Long enough for a postmaster's fast shutdown or a target's SIGTERM handler, short enough for a 10 s bound. */
const GRACE_MS = 3_000;
const POLL_MS = 50;

type ProcessEntry = Extract<ReaperEntry, { kind: 'group' | 'process' }>;

/**
 * Whether group `leader` may still hold our processes: its leader runs with the recorded identity,
 * or is gone altogether (Linux never hands out a pid that is still some group's id, so the
 * members left are ours). A pid now running with another start time means our group is empty.
 */
function groupMayBeOurs(leader: ProcessIdentity): boolean {
  const stat = procStat(leader.pid);
  return stat === undefined || !leader.startTime || stat.startTime === leader.startTime;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // already gone
  }
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(POLL_MS);
}

/**
 * Reaps `entries`; false when a folder could not be removed yet. `requireIdentity` (a registry found
 * long after its run died) leaves alone any entry recorded without a start time, since its pid may
 * have been reused since.
 */
export async function reapEntries(entries: readonly ReaperEntry[], { requireIdentity = false } = {}): Promise<boolean> {
  const processes = entries
    .filter((e): e is ProcessEntry => e.kind !== 'dir')
    .filter((e) => !requireIdentity || Boolean(e.startTime))
    .filter((e) => (e.kind === 'group' ? groupMayBeOurs(e) : isAlive(e)));
  for (const p of processes) if (isAlive(p)) signal(p.pid, p.stopSignal);
  await until(() => processes.every((p) => !isAlive(p)), GRACE_MS);
  for (const p of processes) {
    if (p.kind === 'group' && groupMayBeOurs(p)) signal(-p.pid, 'SIGKILL');
    else if (isAlive(p)) signal(p.pid, 'SIGKILL');
  }
  // A folder is removed once nothing writes into it any more (a dying postmaster's log).
  await until(() => processes.every((p) => !isAlive(p)), GRACE_MS);
  let removed = true;
  for (const e of entries) {
    if (e.kind !== 'dir') continue;
    try {
      rmSync(e.path, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      removed = false;
    }
  }
  return removed;
}
