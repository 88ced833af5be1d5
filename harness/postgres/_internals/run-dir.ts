/**
 * Per-run scratch directories (`<tmp>/tenantproof-pg-*`: the throwaway data directory, the server
 * log, the one-shot password file). Each records its owner as `pid@host`; a later run removes the
 * ones whose owner died without cleaning up (SIGKILL, OOM: no exit hook runs then), first killing
 * a postmaster still running there, so even a hard kill leaves nothing behind for long.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackTempDir } from '../../lifecycle/process-registry.ts';

const PREFIX = 'tenantproof-pg-';
const OWNER_FILE = 'owner';
/** Each live directory and its un-registration from the reaper. */
const live = new Map<string, () => void>();
let exitHookInstalled = false;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie is dead; the state letter follows the command name's closing parenthesis.
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true;
  }
}

function postmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Runs at exit for dirs whose stop() never ran (a crash, a forgotten stop): the postmaster dies first. */
function removeLiveDirsNow(): void {
  for (const dir of live.keys()) {
    const pid = postmasterPid(dir);
    if (pid !== undefined) kill(pid);
    try {
      remove(dir);
    } catch {
      // best effort: the next run reaps it
    }
  }
  live.clear();
}

/**
 * Creates a run directory with a `log/` folder. As root it is made traversable (0755) because the
 * `postgres` user must reach the data directory and password file inside; nothing else needs more.
 */
export function createRunDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}@${os.hostname()}\n`);
  // The log holds the application role's queries (statement logging): readable by its writer alone, us or, with jsonlog as root, the postgres OS user.
  mkdirSync(path.join(dir, 'log'), { mode: 0o700 });
  live.set(dir, trackTempDir(dir));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeLiveDirsNow);
  }
  return dir;
}

/** Removes a run directory created by this process. */
export function removeRunDir(dir: string): void {
  remove(dir);
  live.get(dir)?.();
  live.delete(dir);
}

/**
 * Removes run directories whose owner process is gone, killing a postmaster that still runs in
 * one. Directories of live owners, other hosts (a shared /tmp) or without an owner are left alone.
 * Returns the directories removed.
 */
export function reapOrphanedRunDirs(): string[] {
  const reaped: string[] = [];
  let names: string[];
  try {
    names = readdirSync(os.tmpdir()).filter((name) => name.startsWith(PREFIX));
  } catch {
    return reaped;
  }
  for (const name of names) {
    const dir = path.join(os.tmpdir(), name);
    let owner: string;
    try {
      owner = readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim();
    } catch {
      continue;
    }
    const [pidText, host] = owner.split('@');
    if (host !== os.hostname() || running(Number(pidText))) continue;
    const pid = postmasterPid(dir);
    if (pid !== undefined && running(pid)) {
      let commandLine: string;
      try {
        commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // cannot tell whether that pid is still our postmaster; leave it
      }
      // A reused pid belongs to someone else, and then our postmaster is already dead.
      if (commandLine.includes(dir)) kill(pid);
    }
    try {
      remove(dir);
      reaped.push(dir);
    } catch {
      // a postmaster just killed may still be unlinking; the next run retries
    }
  }
  return reaped;
}
