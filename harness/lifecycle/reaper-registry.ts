/**
 * The reaper's registry on disk: one folder per run under `<tmp>/tenantproof-reaper-<uid>/`, naming
 * the run's main process, its reaper, and one file per process group, process or temporary folder
 * the run created. Files rather than messages on the reaper's pipe, so every process of the run
 * (the CLI, vitest's global setup, the suite worker) can register, and a later run can still reap
 * what a run left when its reaper died too.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { procStat } from './proc-stat.ts';

/** The run's registry folder, inherited by every process the run starts. */
export const REAPER_DIR_VARIABLE = 'TP_INTERNAL_REAPER_DIR';
/** The main process of the run: while it lives, nobody reaps its registry. */
export const OWNER_FILE = 'owner.json';
/** The run's reaper, written by the reaper itself once it runs. */
export const REAPER_FILE = 'reaper.json';
const ENTRY_PREFIX = 'entry-';

/** A pid and its start time, so a pid the kernel handed to another process is never mistaken for ours. */
export interface ProcessIdentity {
  pid: number;
  /** From /proc/<pid>/stat; absent off Linux. */
  startTime?: string;
}

/**
 * What to end when the run dies: a process group (its leader's identity; `stopSignal` goes to the
 * leader, SIGKILL to the whole group after a grace), a single process, or a folder to remove.
 */
export type ReaperEntry = ({ kind: 'group' | 'process'; stopSignal: NodeJS.Signals } & ProcessIdentity) | { kind: 'dir'; path: string };

/** Where this OS user's runs keep their registries. */
export function registryRoot(): string {
  return path.join(os.tmpdir(), `tenantproof-reaper-${process.getuid?.() ?? 'user'}`);
}

export function identityOf(pid: number): ProcessIdentity {
  const startTime = procStat(pid)?.startTime;
  return startTime ? { pid, startTime } : { pid };
}

/** True while `id` runs: the pid exists, is not a zombie, and started when recorded (when that is known). */
export function isAlive(id: ProcessIdentity): boolean {
  const stat = procStat(id.pid);
  if (!stat) {
    if (id.startTime) return false;
    try {
      process.kill(id.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return stat.state !== 'Z' && stat.state !== 'X' && (!id.startTime || stat.startTime === id.startTime);
}

/** Writes whole or not at all: the reaper may read at any moment, including after our death mid-write. */
export function writeJsonFile(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}

export function readJsonFile<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Records `entry` with the reaper watching this run, if any; returns the un-registration. */
export function registerWithReaper(entry: ReaperEntry): () => void {
  const dir = process.env[REAPER_DIR_VARIABLE];
  if (!dir) return () => {};
  const file = path.join(dir, `${ENTRY_PREFIX}${randomUUID()}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    writeJsonFile(file, entry);
  } catch {
    // The registry is a safety net; a run whose tmp folder is unwritable still stops what it started.
    return () => {};
  }
  return () => rmSync(file, { force: true });
}

/** Every entry registered in the run folder `dir`. */
export function readEntries(dir: string): ReaperEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(ENTRY_PREFIX) && n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => readJsonFile<ReaperEntry>(path.join(dir, n))).filter((e): e is ReaperEntry => e !== undefined);
}
