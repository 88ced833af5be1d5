/**
 * Tracks every child process tenantproof starts so that none outlives it: on normal exit, an
 * uncaught error, Ctrl-C or SIGTERM the registered process groups are killed synchronously
 * (an `exit` handler cannot await), and async stoppers get a chance first on signals. Each group
 * and temporary folder is also registered with the run's reaper (start-reaper.ts), which ends
 * them when this process dies without running any of that (SIGKILL, OOM).
 */
import { identityOf, registerWithReaper } from './reaper-registry.ts';

type Stopper = () => Promise<void>;

const groups = new Set<number>();
const stoppers = new Set<Stopper>();
let installed = false;
/**
 * Shared through globalThis because vitest loads the global setup's copy of this module apart
 * from the CLI's: a caller that finishes its own work on a signal tells every copy.
 */
const CALLER_EXITS = Symbol.for('tenantproof.callerExitsOnSignal');
type Flagged = typeof globalThis & { [CALLER_EXITS]?: boolean };

function killGroupsNow(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  groups.clear();
}

async function stopAll(): Promise<void> {
  const pending = [...stoppers];
  stoppers.clear();
  await Promise.allSettled(pending.map((s) => s()));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killGroupsNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const exit = () => {
        if (!(globalThis as Flagged)[CALLER_EXITS]) process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      setTimeout(exit, 5000).unref();
      void stopAll().finally(exit);
    });
  }
}

/**
 * Registers a detached child's process group (its pid) to be killed if we die first. The reaper
 * sends `stopSignal` to the leader and SIGKILL to the group after a grace.
 */
export function trackProcessGroup(pid: number, stopSignal: NodeJS.Signals = 'SIGTERM'): () => void {
  install();
  groups.add(pid);
  const unregister = registerWithReaper({ kind: 'group', stopSignal, ...identityOf(pid) });
  return () => {
    groups.delete(pid);
    unregister();
  };
}

/** Registers a temporary folder for the reaper to remove if we die before removing it ourselves. */
export function trackTempDir(dir: string): () => void {
  return registerWithReaper({ kind: 'dir', path: dir });
}

/** Registers a graceful async stop to run on SIGINT/SIGTERM before the hard kill. */
export function trackStopper(stop: Stopper): () => void {
  install();
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/**
 * On SIGINT/SIGTERM the stoppers still run, but the process is left for the caller to end: the
 * certification run writes its bundle first. Returns the undo.
 */
export function leaveExitToCaller(): () => void {
  (globalThis as Flagged)[CALLER_EXITS] = true;
  return () => delete (globalThis as Flagged)[CALLER_EXITS];
}
