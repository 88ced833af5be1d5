/**
 * Runs the real `tenantproof` CLI as a child process, the way a user or CI does, and finds any
 * process it left behind by a marker in the environment every descendant inherits.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const marker = randomUUID();
  const reportsDir = mkdtempSync(path.join(os.tmpdir(), 'tp-reports-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/tenantproof.js'), ...args, '--reports', reportsDir], {
      cwd: ROOT,
      env: { ...process.env, ...env, TP_TEST_MARKER: marker },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const latest = path.join(reportsDir, 'latest', 'summary.json');
      const summary = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as Summary) : undefined;
      resolve({ code, stdout, stderr, summary, marker, reportsDir });
    });
  });
}

/** Pids of live processes that inherited `marker` (descendants of a CLI run), zombies excluded. */
export function processesWithMarker(marker: string): number[] {
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
