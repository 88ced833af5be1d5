/**
 * Stops a process group politely, then firmly: SIGTERM lets the target close its pool and flush
 * logs, SIGKILL guarantees nothing survives a target that ignores it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { groupHasLiveMembers, signalGroup } from './process-group.ts';

const POLL_MS = 25;
/** After SIGKILL the kernel needs only moments; past this the group is stuck (D state) and we give up waiting. */
const KILL_WAIT_MS = 2_000;

async function waitUntilGone(pgid: number, leaderExited: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (leaderExited() && !groupHasLiveMembers(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/**
 * SIGTERMs group `pgid`, waits up to `graceMs` for the leader and every member to exit, then
 * SIGKILLs what is left. Resolves once the leader has exited and the group is empty (or stuck).
 */
export async function stopProcessGroup(pgid: number, leaderExited: () => boolean, graceMs: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, leaderExited, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, leaderExited, KILL_WAIT_MS);
}
