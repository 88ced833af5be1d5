/**
 * Initialises a cluster with `initdb`, as its owner, tracked as a process group so a crash
 * mid-initdb leaves nothing running, and bounded in time so a stuck initdb fails the run.
 */
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PostgresError } from '../../errors/index.ts';
import { trackProcessGroup } from '../../lifecycle/process-registry.ts';
import type { ClusterOwner } from './cluster-owner.ts';
import type { ServerOutput } from './server-output.ts';
import { spawnFailure } from './binary-access.ts';

/** What initdb needs: binaries, where, as whom, and where its output goes. */
export interface InitdbOptions {
  initdb: string;
  dataDir: string;
  /** A directory the owner can traverse: holds the one-shot password file; initdb's cwd. */
  workDir: string;
  owner: ClusterOwner;
  user: string;
  password: string;
  timeoutMs: number;
  output: ServerOutput;
}

const ARGS = [
  '--auth=password',
  '--encoding=UTF8',
  // C locale: the same collation whatever locales the host has installed.
  '--no-locale',
  // A throwaway cluster keeps nothing across an OS crash, so waiting for fsync buys nothing.
  '--no-sync',
  // Checksums guard against disk corruption over time; a cluster that lives minutes pays for nothing.
  '--no-data-checksums',
  '--no-instructions',
];

/** Runs initdb into `dataDir` (created and handed to the owner first); rejects with its last lines. */
export async function initdb(o: InitdbOptions): Promise<void> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(o.workDir, 'pwfile');
  writeFileSync(passwordFile, `${o.password}\n`, { mode: 0o600 });
  if ('uid' in o.owner) {
    chownSync(o.dataDir, o.owner.uid, o.owner.gid);
    chownSync(passwordFile, o.owner.uid, o.owner.gid);
  }
  const args = [`--pgdata=${o.dataDir}`, `--username=${o.user}`, `--pwfile=${passwordFile}`, ...ARGS];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(o.initdb, args, {
        ...o.owner,
        cwd: o.workDir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
      });
      const untrack = child.pid === undefined ? () => false : trackProcessGroup(child.pid);
      const fail = (message: string, cause?: unknown) =>
        reject(new PostgresError('POSTGRES_INIT_FAILED', `${message}\n${o.output.tail('initdb output')}`, { cause }));
      const timer = setTimeout(() => {
        // initdb runs `postgres --boot` children in its group; kill them all.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // exited in the meantime
        }
        fail(`initdb did not finish within ${o.timeoutMs / 1000} s`);
      }, o.timeoutMs);
      const drained = Promise.all([o.output.attach(child.stdout), o.output.attach(child.stderr)]);
      child.once('error', (cause) => {
        clearTimeout(timer);
        untrack();
        fail(spawnFailure(o.initdb, cause), cause);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        untrack();
        void drained.then(() => (code === 0 ? resolve() : fail(`initdb exited with ${signal ?? `code ${code}`}`)));
      });
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}
