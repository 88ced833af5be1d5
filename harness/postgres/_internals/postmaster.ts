/**
 * Runs the postmaster as a detached process group we own, so its pid is known from the moment it
 * is spawned (and tracked: a crash or Ctrl-C of the harness kills it), the wait for readiness is
 * bounded, and it stops with the shutdown mode that fits the cluster.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PostgresError } from '../../errors/index.ts';
import type { ProcessExit } from '../../lifecycle/process-exit.ts';
import { trackProcessGroup } from '../../lifecycle/process-registry.ts';
import type { ClusterOwner } from './cluster-owner.ts';
import type { ServerOutput } from './server-output.ts';
import { spawnFailure } from './binary-access.ts';

/** How to run one postmaster: binary, data directory, address, settings, owner, output. */
export interface PostmasterOptions {
  postgres: string;
  dataDir: string;
  host: string;
  port: number;
  settings: Record<string, string>;
  owner: ClusterOwner;
  cwd: string;
  output: ServerOutput;
  readyTimeoutMs: number;
}

/** A running postmaster. */
export interface Postmaster {
  readonly pid: number;
  /** Resolves whenever it exits, `stop()` included. */
  readonly exited: Promise<ProcessExit>;
  /**
   * `fast` (SIGINT) checkpoints and leaves a clean cluster to start again; `immediate` (SIGQUIT)
   * skips that, for a cluster about to be deleted. Idempotent; SIGKILL if it overruns.
   */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
}

const READY = 'database system is ready to accept connections';
const READY_POLL_MS = 100;
const ADDRESS_IN_USE = /could not bind .*Address already in use/;
const STOP_GRACE_MS = 30_000;
/** After the postmaster exits, its orphaned children may hold stderr a moment longer. */
const DRAIN_MS = 2_000;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * True once `postmaster.pid` says `ready` for `pid` (how pg_ctl waits): the fallback for settings
 * that keep the ready line off stderr, such as `logging_collector` or `log_min_messages=fatal`.
 */
function pidFileSaysReady(dataDir: string, pid: number): boolean {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

/** Resolves with `promise`, or after `ms` with undefined; the timer keeps the event loop alive meanwhile. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Spawns `postgres` and resolves once it accepts connections. Rejects with its last lines:
 * `POSTGRES_PORT_IN_USE` when it could not bind, `POSTGRES_START_TIMEOUT`, or `POSTGRES_START_FAILED`.
 */
export async function startPostmaster(o: PostmasterOptions): Promise<Postmaster> {
  const flags = Object.entries(o.settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const child = spawn(o.postgres, ['-D', o.dataDir, '-p', String(o.port), ...flags], {
    ...o.owner,
    cwd: o.cwd,
    // Its own process group: the registry kills it by group, and a terminal's Ctrl-C reaches only
    // us, so the harness stops it (and removes its directory) instead of racing the signal.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (child.pid === undefined) {
    const [cause] = (await once(child, 'error')) as [Error];
    throw new PostgresError('POSTGRES_START_FAILED', spawnFailure(o.postgres, cause), { cause });
  }
  const pid = child.pid;
  // Signals go through process.kill; this only keeps a late spawn error from crashing the harness.
  child.on('error', () => {});
  // SIGINT is a fast shutdown: a cached cluster the reaper stops starts again without recovery.
  const untrack = trackProcessGroup(pid, 'SIGINT');
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => {
      untrack();
      resolve({ code, signal });
    }),
  );
  // Lines of this attempt only, to tell a lost port race from other failures; not kept once
  // ready, since with statement logging the server prints without end.
  const attemptLines: string[] = [];
  let starting = true;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const drained = o.output.attach(child.stderr, (line) => {
    if (!starting) return;
    attemptLines.push(line);
    if (line.includes(READY)) markReady();
  });
  // A forgotten stop() must not keep the harness alive; the registry's exit hook still kills it.
  child.unref();
  (child.stderr as unknown as { unref(): void }).unref();

  const poll = setInterval(() => pidFileSaysReady(o.dataDir, pid) && markReady(), READY_POLL_MS);
  const outcome = await within(Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const)]), o.readyTimeoutMs);
  clearInterval(poll);
  starting = false;
  if (outcome === 'ready') {
    let stopping: Promise<void> | undefined;
    return {
      pid,
      exited,
      stop: (mode) =>
        (stopping ??= (async () => {
          try {
            process.kill(pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
          } catch {
            // exited on its own
          }
          if (
            (await within(
              exited.then(() => true),
              STOP_GRACE_MS,
            )) === undefined
          ) {
            killGroup(pid);
            await exited;
          }
          await within(drained, DRAIN_MS);
        })()),
    };
  }

  if (outcome === undefined) killGroup(pid);
  await within(
    exited.then(() => within(drained, DRAIN_MS)),
    DRAIN_MS * 2,
  );
  const where = `${o.host}:${o.port}`;
  const shown = attemptLines.slice(-40);
  const tail = `--- last ${shown.length} lines of server output ---\n${shown.join('\n')}`;
  if (attemptLines.some((line) => ADDRESS_IN_USE.test(line))) {
    throw new PostgresError('POSTGRES_PORT_IN_USE', `embedded Postgres could not listen on ${where}: the port is already in use\n${tail}`);
  }
  if (outcome === undefined) {
    throw new PostgresError('POSTGRES_START_TIMEOUT', `embedded Postgres on ${where} did not accept connections within ${o.readyTimeoutMs / 1000} s\n${tail}`);
  }
  throw new PostgresError('POSTGRES_START_FAILED', `embedded Postgres on ${where} exited before accepting connections\n${tail}`);
}
