/**
 * Tracks every child process tenantproof starts so that none outlives it: on normal exit, an
 * uncaught error, Ctrl-C or SIGTERM the registered process groups are killed synchronously
 * (an `exit` handler cannot await), and async stoppers get a chance first on signals.
 */
type Stopper = () => Promise<void>;

const groups = new Set<number>();
const stoppers = new Set<Stopper>();
let installed = false;

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
      const code = signal === 'SIGINT' ? 130 : 143;
      const hardStop = setTimeout(() => process.exit(code), 5000);
      hardStop.unref();
      void stopAll().finally(() => process.exit(code));
    });
  }
}

/** Registers a detached child's process group (its pid) to be killed if we die first. */
export function trackProcessGroup(pid: number): () => void {
  install();
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Registers a graceful async stop to run on SIGINT/SIGTERM before the hard kill. */
export function trackStopper(stop: Stopper): () => void {
  install();
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}
