/**
 * A lock file that names its holder (pid and start time), for what one process at a time may use
 * on this machine (the cached cluster). Created whole with link(2), so a second taker never reads
 * a lock that exists but is still empty; a holder that died is displaced by rename(2), which only
 * one of two takers racing for it can win.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { identityOf, isAlive, type ProcessIdentity } from './reaper-registry.ts';

function holderOf(file: string): ProcessIdentity | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as ProcessIdentity | number;
    // A bare pid is how versions before 0.2 wrote the lock.
    if (typeof holder === 'number') return { pid: holder };
    return Number.isInteger(holder?.pid) ? holder : { pid: 0 };
  } catch (err) {
    // Unreadable text (a lock of an older version, a crash mid-write) holds nothing.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : { pid: 0 };
  }
}

const sameHolder = (a: ProcessIdentity | undefined, b: ProcessIdentity) => a?.pid === b.pid && a.startTime === b.startTime;

/** Creates `file` naming `me`; false when it exists. */
function create(file: string, me: ProcessIdentity): boolean {
  const draft = `${file}.${randomUUID()}.tmp`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Removes `file` if its holder is gone; false while a live process holds it. */
function displaceDeadHolder(file: string): boolean {
  const holder = holderOf(file);
  if (!holder) return true;
  if (holder.pid > 0 && isAlive(holder)) return false;
  const claimed = `${file}.${randomUUID()}.stale`;
  try {
    renameSync(file, claimed);
  } catch {
    return true; // another taker displaced it first; race it for the new lock
  }
  const moved = holderOf(claimed);
  // Between our read and our rename another taker may have replaced the dead holder's lock: give it back.
  if (moved && !sameHolder(moved, holder) && moved.pid > 0 && isAlive(moved)) {
    try {
      linkSync(claimed, file);
    } catch {
      // a third taker holds it now; the lock still names a live holder
    }
    rmSync(claimed, { force: true });
    return false;
  }
  rmSync(claimed, { force: true });
  return true;
}

/** Takes `file` for this process; returns its release, or undefined while another live process holds it. */
export function takePidLock(file: string): (() => void) | undefined {
  const me = identityOf(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(file, me)) return () => (sameHolder(holderOf(file), me) ? rmSync(file, { force: true }) : undefined);
    if (!displaceDeadHolder(file)) return undefined;
  }
  return undefined;
}
