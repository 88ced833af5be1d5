/**
 * A certify run signalled by its main pid alone (a CI timeout, `kill <pid>`) leaves nothing
 * running, whatever it was doing; SIGINT and SIGTERM also leave a bundle that says it was
 * interrupted; and a target that dies mid-run ends the run with exit 2 and the target's own words.
 * Each run checks two cheap invariants and is signalled as soon as it reaches its phase; for
 * "writing reports" a test hook (harness/run/report-pause-hook.ts) holds the writer there until the
 * signal. Cost of that phase's three tests: 25 s measured, two at a time.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { PAUSE_REPORTS_VARIABLE, PAUSED_LINE } from '../../harness/run/report-pause-hook.ts';
import { verifyManifest } from '../../reports/manifest.ts';
import { latestSummary, REFERENCE_CONFIG, startCli, type StartedCli } from './support/cli.ts';
import { listeningPorts, portIsFree, runProcesses, stillRunning, type RunProcess } from './support/run-processes.ts';

// TI-1 runs first and briefly; AUTH-2 (about 2 s) is the one running when the first verdict line appears.
const ARGS = ['certify', '--config', REFERENCE_CONFIG, '--only', 'TI-1,AUTH-2', '--profile', 'quick', '--seed', '1'];
/** The bounds: nothing alive 10 s after a signal; a dead target ends the run within 30 s. */
const REAPED_WITHIN_MS = 10_000;
/** Probing long enough (several seconds) that the target is sure to die while probes are in flight, not after the last one. */
const LONG_PROBING_ARGS = ['certify', '--config', REFERENCE_CONFIG, '--only', 'TI-1,AUTH-2,AUTH-3,ID-1,TI-2,TI-4', '--profile', 'ci', '--seed', '1'];
const TARGET_DEATH_EXIT_MS = 30_000;
const POLL_MS = 50;

interface Phase {
  reached: (seen: readonly RunProcess[], stdout: string) => boolean;
  /** The run's environment beyond the test marker. */
  env?: Record<string, string>;
  /** Signalled after every verdict was recorded: the bundle has them all, and no run error. */
  verdictsWhole?: boolean;
}

const PHASES: Record<string, Phase> = {
  'Postgres is starting': {
    reached: (seen, stdout) => seen.some((p) => /\/(initdb|postgres) /.test(p.command)) && !stdout.includes('postgres started'),
  },
  'the target is starting': {
    reached: (seen, stdout) => seen.some((p) => p.command.includes('src/server.ts')) && !stdout.includes('target healthy'),
  },
  probing: { reached: (_seen, stdout) => /\] \w+ +TI-1 /.test(stdout) },
  // The report writer waits (up to a minute, or until the signal) where the test hook pauses it.
  'writing reports': { reached: (_seen, stdout) => stdout.includes(PAUSED_LINE), env: { [PAUSE_REPORTS_VARIABLE]: '60000' }, verdictsWhole: true },
};
const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT'] as const;
const EXIT_CODES: Record<string, number> = { SIGTERM: 143, SIGINT: 130 };

async function pollUntil(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/** Watches `run` until `phase`, remembering every process it had; returns them and the ports they listened on then. */
async function untilPhase(run: StartedCli, phase: Phase['reached']): Promise<{ seen: RunProcess[]; ports: number[] }> {
  const seen = new Map<string, RunProcess>();
  const reached = await pollUntil(() => {
    for (const p of runProcesses(run.pid, run.marker)) seen.set(`${p.pid}@${p.startTime}`, p);
    return phase([...seen.values()], run.stdout());
  }, 120_000);
  if (!reached) throw new Error(`the run never reached its phase:\n${run.stdout()}\n${run.stderr()}`);
  return { seen: [...seen.values()], ports: listeningPorts(runProcesses(run.pid, run.marker).map((p) => p.pid)) };
}

// Concurrent, two at a time (the integration project's maxConcurrency): most of each test is waiting.
describe.concurrent('a run killed from outside', () => {
  describe('signalled by its main pid', () => {
    for (const [phase, { reached, env, verdictsWhole }] of Object.entries(PHASES)) {
      for (const signal of SIGNALS) {
        test(`${signal} while ${phase}: nothing of the run runs 10 s later${signal === 'SIGKILL' ? '' : ', and the bundle says interrupted'}`, async () => {
          const run = startCli(ARGS, env);
          const { seen, ports } = await untilPhase(run, reached);
          process.kill(run.pid, signal);
          const deadline = Date.now() + REAPED_WITHIN_MS;
          const exit = await Promise.race([run.exited, sleep(REAPED_WITHIN_MS).then(() => undefined)]);
          // Started after the signal (a startup step already under way) counts too; found by the marker.
          const all = [...seen, ...runProcesses(run.pid, run.marker)];
          await pollUntil(() => stillRunning(all).length === 0, deadline - Date.now());
          expect(stillRunning(all).map((p) => `${p.pid} ${p.command}`)).toEqual([]);
          for (const port of ports) expect(await portIsFree(port), `port ${port}`).toBe(true);
          if (signal === 'SIGKILL') return;

          expect(exit?.code, run.stdout() + run.stderr()).toBe(EXIT_CODES[signal]);
          const summary = latestSummary(run.reportsDir);
          expect(summary?.interrupted).toEqual({ signal });
          if (verdictsWhole) {
            expect(summary?.error).toBeUndefined();
            expect(summary?.invariants.filter((v) => v.verdict === 'held').map((v) => v.id)).toEqual(['AUTH-2', 'TI-1']);
          } else {
            expect(summary?.error?.code).toBe('INTERRUPTED');
          }
          const bundle = verifyManifest(path.join(run.reportsDir, summary!.runId));
          expect(bundle.problems).toEqual([]);
          expect(bundle.interrupted).toEqual({ signal });
        });
      }
    }
  });

  describe('a part dying mid-run', () => {
    test('the target killed mid-probing: exit 2 within 30 s, unfinished invariants error with its exit and last lines', async () => {
      const run = startCli(LONG_PROBING_ARGS);
      const { seen } = await untilPhase(run, PHASES.probing!.reached);
      const target = seen.find((p) => p.command.includes('src/server.ts'));
      process.kill(target!.pid, 'SIGKILL');
      const exit = await Promise.race([run.exited, sleep(TARGET_DEATH_EXIT_MS).then(() => undefined)]);
      expect(exit?.code, run.stdout() + run.stderr()).toBe(2);
      const summary = latestSummary(run.reportsDir)!;
      expect(summary.error?.code).toBe('TARGET_EXITED');
      expect(summary.error?.message).toMatch(
        /^target "reference-service" exited with signal SIGKILL mid-run\n--- last \d+ lines of its output ---\n.*(GET|POST) \//s,
      );
      const unfinished = summary.invariants.filter((v) => v.verdict !== 'skipped' && v.verdict !== 'held');
      expect(unfinished.length).toBeGreaterThan(0);
      for (const v of unfinished) expect(v, v.id).toMatchObject({ verdict: 'error', reason: summary.error!.message });
      await pollUntil(() => stillRunning(seen).length === 0, REAPED_WITHIN_MS);
      expect(stillRunning(seen).map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    });
  });
});
