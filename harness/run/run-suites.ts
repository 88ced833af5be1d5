/**
 * Runs the product suite under vitest (whose global setup owns the environment) until it finishes
 * or the run is interrupted: by a signal, or by a part of the environment that exited. Then no
 * further invariant starts, the running one gets a moment to finish, and vitest gets a moment to
 * stop the environment and its worker; both are cut short, so that a signalled run still writes
 * its bundle and exits within 10 s. What is still running then, the exit hooks and the reaper end.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startVitest, type Reporter, type Vitest } from 'vitest/node';
import type { ProgressReporter } from '../../reports/progress-reporter.ts';
import { recordedVerdicts } from './recorded-verdicts.ts';
import type { Interruption } from './run-interruption.ts';

const SETTLE_MS = 4_000;
const CLOSE_MS = 2_000;

export interface SuiteRunOptions {
  /** tenantproof's root: vitest runs `entry` from there, whatever the current directory. */
  root: string;
  entry: string;
  /** Also among `reporters`: it stops the run between invariants. */
  progress: ProgressReporter;
  reporters: Reporter[];
  /** Where the suites record verdicts. */
  runDir: string;
  /** The run's first interruption (run-interruption.ts), if one comes. */
  interrupted: Promise<Interruption>;
  log: (line: string) => void;
}

/** An interruption, and the invariants that had recorded their verdicts when it happened. */
export type RunInterruption = Interruption & { finished: ReadonlySet<string> };

/**
 * tenantproof's own modules load natively (through tsx, whose transform cache outlives the run)
 * instead of through vite's per-run transform: the global setup then shares the modules the CLI
 * already loaded, and the worker is ready about a second sooner. A user's config and invariant
 * files still go through vite.
 */
function nativeModules(root: string) {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const ownSources = new RegExp(
    `^${root
      .split(path.sep)
      .join('/')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(harness|suites|reports|generators)/`,
  );
  return {
    poolOptions: { forks: { singleFork: true, execArgv: ['--import', tsx] } },
    server: { deps: { external: [ownSources] } },
  };
}

/** Resolves true once `promise` settles, or false after `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Vitest's logger answers SIGINT and SIGTERM with `process.exit()`, which would end the run before
 * its bundle is written. Returns a function that removes the SIGINT/SIGTERM listeners added since
 * this call: called once vitest is created (and before the global setup adds the registry's own).
 */
function dropSignalListenersAddedAfterThis(): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  return () => {
    for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  };
}

/** Runs the suites; resolves with the interruption, if there was one. */
export async function runSuites(o: SuiteRunOptions): Promise<RunInterruption | undefined> {
  let interruption: RunInterruption | undefined;
  let running = true;
  void o.interrupted.then((i) => {
    // Once the suites are done, a signal only hurries the writing of a bundle that is complete.
    if (!running) return;
    interruption = { ...i, finished: new Set(recordedVerdicts(o.runDir).keys()) };
    o.log(`${i.message.split('\n')[0]}: no further invariant starts; stopping the environment and writing the bundle`);
    o.progress.stopStarting();
  });
  let vitest: Vitest | undefined;
  const dropVitestSignalExit = dropSignalListenersAddedAfterThis();
  try {
    const finished = startVitest('test', [], {
      root: o.root,
      config: false,
      include: [o.entry],
      globalSetup: [path.join(o.root, 'harness/vitest/global-setup.ts')],
      pool: 'forks',
      ...nativeModules(o.root),
      fileParallelism: false,
      testTimeout: 30 * 60_000,
      hookTimeout: 120_000,
      reporters: [
        ...o.reporters,
        {
          onInit: (v: Vitest) => {
            vitest = v;
            dropVitestSignalExit();
          },
        },
      ],
      watch: false,
      passWithNoTests: true,
    });
    await Promise.race([finished, o.interrupted]);
    if (interruption && !(await within(finished, SETTLE_MS))) await within(vitest?.close() ?? Promise.resolve(), CLOSE_MS);
  } finally {
    running = false;
  }
  return interruption;
}
