/**
 * Runs the real `tenantproof` CLI as a child process, the way a user or CI does, and finds any
 * process it left behind by a marker in the environment every descendant inherits.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Summary } from '../../../reports/summary.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const REFERENCE_CONFIG = path.join(ROOT, 'fixtures/reference-service/tenantproof.config.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary?: Summary;
  marker: string;
  reportsDir: string;
}

/** A CLI run in progress: its output so far, and its exit. */
export interface StartedCli {
  pid: number;
  marker: string;
  reportsDir: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI with `--reports reportsDir`: a new temporary folder unless given, so runs share no history or corpus. */
export function startCli(args: string[], env: Record<string, string> = {}, reportsDir = mkdtempSync(path.join(os.tmpdir(), 'tp-reports-'))): StartedCli {
  const marker = randomUUID();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/tenantproof.js'), ...args, '--reports', reportsDir], {
    cwd: ROOT,
    env: { ...process.env, ...env, TP_TEST_MARKER: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { pid: child.pid!, marker, reportsDir, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The summary `reportsDir/latest` points at, once a run has written one. */
export function latestSummary(reportsDir: string): Summary | undefined {
  const latest = path.join(reportsDir, 'latest', 'summary.json');
  return existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as Summary) : undefined;
}

export async function runCli(args: string[], env: Record<string, string> = {}, reportsDir?: string): Promise<CliRun> {
  const run = startCli(args, env, reportsDir);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr(), summary: latestSummary(run.reportsDir), marker: run.marker, reportsDir: run.reportsDir };
}

/**
 * Pids of processes that inherited `marker` (descendants of a CLI run) still running once the
 * run's reaper, which outlives the CLI by a moment, has had up to 10 s to finish.
 */
export async function processesLeftBehind(marker: string): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  let left = processesWithMarker(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = processesWithMarker(marker);
  }
  return left;
}

/** Pids of live processes that inherited `marker` (descendants of a CLI run), zombies excluded. */
function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`TP_TEST_MARKER=${marker}`)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Verdicts by invariant id. */
export function verdicts(summary: Summary | undefined): Record<string, string> {
  return Object.fromEntries((summary?.invariants ?? []).map((v) => [v.id, v.verdict]));
}
