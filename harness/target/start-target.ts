/**
 * Starts the service under test as a child process and waits until it is healthy, so that every
 * suite runs against a target that is up, and a target that cannot start fails the run with its
 * own last words instead of as a cascade of connection errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { ConfigError, TargetStartError } from '../errors/index.ts';
import { describeExit, type ProcessExit } from '../lifecycle/process-exit.ts';
import { trackProcessGroup, trackStopper } from '../lifecycle/process-registry.ts';
import { captureOutput } from './_internals/output-capture.ts';
import { stopProcessGroup } from './_internals/stop-process-group.ts';
import { waitForHealth, type HealthCheck } from './_internals/wait-for-health.ts';

export type { HealthCheck };

/** How to start the target and how to know it is ready. */
export interface StartTargetOptions {
  /** Executable and arguments, spawned without a shell. */
  command: string[];
  cwd: string;
  /** Merged over the harness's own environment (`PATH` and friends stay). */
  env: Record<string, string>;
  /** Polled until it answers healthy. */
  health: HealthCheck;
  startTimeoutMs: number;
  /** Appends every output line here; the folder is created. */
  logFile?: string;
  /** Used in error messages; default the command's first word. */
  name?: string;
  /** Receives every output line as it arrives (stdout and stderr). */
  log?: (line: string) => void;
  /** How long `stop()` waits after SIGTERM before SIGKILL; default 3000. */
  stopTimeoutMs?: number;
}

/** A running target. */
export interface StartedTarget {
  readonly pid: number;
  readonly name: string;
  /** SIGTERM to the whole process group, SIGKILL after the grace period; idempotent; resolves once it has exited. */
  stop(): Promise<void>;
  /** The last `n` output lines (default 40; at most the 200 kept). */
  lastLines(n?: number): string[];
  /** Resolves when it exits, `stop()` included. Never rejects. */
  readonly exited: Promise<ProcessExit>;
  [Symbol.asyncDispose](): Promise<void>;
}

const RING_CAPACITY = 200;
const ERROR_LINES = 40;
/** After the leader exits, how long to wait for grandchildren to release its pipes before reporting. */
const DRAIN_WAIT_MS = 1_000;

function validate(options: StartTargetOptions): void {
  const issues: Array<{ path: string; expected: string; found: string }> = [];
  if (!Array.isArray(options.command) || options.command.length === 0 || options.command.some((part) => typeof part !== 'string' || part === '')) {
    issues.push({ path: 'command', expected: 'a non-empty array of non-empty strings', found: JSON.stringify(options.command) });
  }
  if (!Number.isFinite(options.startTimeoutMs) || options.startTimeoutMs <= 0) {
    issues.push({ path: 'startTimeoutMs', expected: 'a positive number of milliseconds', found: String(options.startTimeoutMs) });
  }
  if (!URL.canParse(options.health.url)) issues.push({ path: 'health.url', expected: 'an absolute URL', found: JSON.stringify(options.health.url) });
  if (issues.length > 0) throw new ConfigError(issues, 'startTarget options');
}

function spawned(child: ChildProcess): Promise<Error | undefined> {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
}

/**
 * Spawns `command` in its own process group, tracks it so nothing outlives the harness (Ctrl-C, a
 * crash), and resolves once its health check answers healthy. Rejects with `TargetStartError`:
 * `TARGET_SPAWN_FAILED`, `TARGET_EXITED` (as soon as it exits, not at the timeout) or
 * `TARGET_UNHEALTHY` (after stopping it), each carrying the last 40 output lines.
 */
export async function startTarget(options: StartTargetOptions): Promise<StartedTarget> {
  validate(options);
  const name = options.name ?? options.command[0]!;
  const commandLine = options.command.join(' ');
  try {
    if (!statSync(options.cwd).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new TargetStartError(
      'TARGET_SPAWN_FAILED',
      `could not spawn target "${name}" (${commandLine}): working directory ${options.cwd} is not usable: ${(err as Error).message}`,
      [],
    );
  }

  const child = spawn(options.command[0]!, options.command.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput([child.stdout!, child.stderr!], {
    capacity: RING_CAPACITY,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const spawnError = await spawned(child);
  if (spawnError || child.pid === undefined) {
    await output.close();
    const code = (spawnError as NodeJS.ErrnoException | undefined)?.code;
    throw new TargetStartError(
      'TARGET_SPAWN_FAILED',
      `could not spawn target "${name}": ${commandLine} in ${options.cwd}: ${code ? `${code} ` : ''}${spawnError?.message ?? 'no pid'}`,
      output.lastLines(ERROR_LINES),
    );
  }
  const pid = child.pid;

  const untrackGroup = trackProcessGroup(pid);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      untrackStopper();
      await stopProcessGroup(pid, () => exit !== undefined, options.stopTimeoutMs ?? 3_000);
      await exited;
      untrackGroup();
      await output.close();
    })());
  const untrackStopper = trackStopper(stop);
  const lastLines = (n = ERROR_LINES) => output.lastLines(n);

  const exitSignal = new AbortController();
  void exited.then(() => exitSignal.abort());
  const health = await waitForHealth(options.health, options.startTimeoutMs, exitSignal.signal);
  const { method = 'GET', url, description = '2xx' } = options.health;
  const polled = `${method === 'GET' ? '' : `${method} `}${url}`;

  // Checked even after a 2xx: a target that died on EADDRINUSE may have let another server answer.
  if (exit) {
    const how = describeExit(exit);
    await Promise.race([output.drained, new Promise((resolve) => setTimeout(resolve, DRAIN_WAIT_MS).unref())]);
    await stop();
    throw new TargetStartError('TARGET_EXITED', `target "${name}" exited with ${how} before ${polled} answered ${description}`, lastLines());
  }
  if (!health.healthy) {
    await stop();
    throw new TargetStartError(
      'TARGET_UNHEALTHY',
      `target "${name}" did not answer ${description} on ${polled} within ${options.startTimeoutMs} ms (last response: ${health.lastResponse})`,
      lastLines(),
    );
  }

  return { pid, name, stop, lastLines, exited, [Symbol.asyncDispose]: stop };
}
