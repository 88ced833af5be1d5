/**
 * Before anything starts: the run folder can be created and written, and it and the temporary
 * folder (the Postgres cluster, the reaper's registry) have room for a run. A run that would fail
 * on either later, after minutes of probing, fails here with one line saying what to change.
 */
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors/index.ts';
import { fileSystemError } from '../errors/file-system-error.ts';

const MB = 1024 * 1024;
/** A fresh embedded cluster is 39 MB (shared perf notes) and grows by 16 MB WAL segments as it runs. */
export const TMP_NEEDS_BYTES = 200 * MB;
/** A quick run's bundle is a few MB; the evidence of a long profile, tens. */
export const REPORTS_NEED_BYTES = 50 * MB;

export interface RunFolderCheckOptions {
  /** Where Postgres clusters and the reaper's registry go; default the OS's temporary folder. */
  tmpDir?: string;
  statfs?: (dir: string) => { bavail: number; bsize: number };
}

function needRoom(dir: string, what: string, bytes: number, statfs: NonNullable<RunFolderCheckOptions['statfs']>): void {
  const { bavail, bsize } = statfs(dir);
  const free = bavail * bsize;
  if (free >= bytes) return;
  throw new EnvironmentError(
    'DISK_FULL',
    `only ${Math.floor(free / MB)} MB free on the device holding ${dir} (${what}), which needs at least ${bytes / MB} MB: free some space there${what === 'run folders' ? ', or pass --reports <a folder on another device>' : ', or point TMPDIR at another device'}`,
  );
}

/** Creates `runDir` and proves it writable and roomy, as the tmp folder; throws EnvironmentError otherwise. */
export function checkRunFolder(runDir: string, o: RunFolderCheckOptions = {}): void {
  const probe = path.join(runDir, '.write-check');
  try {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(probe, 'tenantproof\n');
    rmSync(probe);
  } catch (err) {
    throw fileSystemError(err, runDir) ?? err;
  }
  const statfs = o.statfs ?? statfsSync;
  needRoom(runDir, 'run folders', REPORTS_NEED_BYTES, statfs);
  needRoom(o.tmpDir ?? os.tmpdir(), 'the temporary folder', TMP_NEEDS_BYTES, statfs);
}
