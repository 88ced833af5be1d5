/**
 * Vitest reporter for the product suites. In CI (or when output is not a terminal) it prints one
 * plain line per invariant as it finishes; on a terminal it also keeps a live status line: the
 * suite running, invariants done, cases run and findings so far. It also enforces the run's time
 * budget by cancelling the run between invariants once the budget is spent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import type { SerializedError } from 'vitest';

export interface ProgressOptions {
  write?: (line: string) => void;
  /** Live status line (a TTY outside CI); default: plain lines only. */
  live?: boolean;
  /** Folder the suites record verdicts in, read for case counts and findings as invariants finish. */
  runDir?: string;
  /** Cancel the run after this many milliseconds (the time budget). */
  budgetMs?: number;
}

/** Whether progress should be a live line: stdout is a terminal and no CI variable is set. */
export function wantsLiveProgress(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.CI;
}

export class ProgressReporter implements Reporter {
  readonly #write: (line: string) => void;
  readonly #live: boolean;
  readonly #runDir?: string;
  readonly #budgetMs?: number;
  #timer?: NodeJS.Timeout;
  #vitest?: Vitest;
  #started = false;
  #done = 0;
  #cases = 0;
  #findings = 0;
  #suite = '';
  /** Errors vitest reported outside any test (a global setup that failed to load, a crashed worker). */
  readonly errors: string[] = [];
  /** Set when the time budget ran out and the run was cancelled. */
  budgetExhausted = false;

  constructor(options: ProgressOptions = {}) {
    this.#write = options.write ?? ((l) => process.stdout.write(`${l}\n`));
    this.#live = options.live ?? false;
    this.#runDir = options.runDir;
    this.#budgetMs = options.budgetMs;
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
    if (!this.#budgetMs) return;
    this.#timer = setTimeout(() => {
      this.budgetExhausted = true;
      this.#line(`time budget of ${Math.round(this.#budgetMs! / 1000)} s spent: stopping after the running invariant`);
      if (this.#started) this.#cancel();
    }, this.#budgetMs);
    this.#timer.unref();
  }

  onTestModuleStart(module: TestModule): void {
    // A cancel sent while the global setup still runs is lost, so a budget spent on starting the
    // environment takes effect when the first suite starts.
    if (!this.#started && this.budgetExhausted) this.#cancel();
    this.#started = true;
    this.#suite = path.basename(module.moduleId);
    this.#status();
  }

  #cancel(): void {
    void this.#vitest?.cancelCurrentRun('time-budget' as 'test-failure');
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') return;
    this.#done += 1;
    const verdict = this.#verdictOf(test.name);
    if (verdict) {
      this.#cases += verdict.cases;
      if (verdict.verdict === 'violated') this.#findings += 1;
    }
    const mark = verdict?.verdict ?? (result.state === 'passed' ? 'ok' : 'FAIL');
    const seconds = ((test.diagnostic()?.duration ?? 0) / 1000).toFixed(1);
    this.#line(`${mark.padEnd(12)} ${test.name} (${verdict ? `${verdict.cases} cases, ` : ''}${seconds}s) [${this.#done} done, ${this.#findings} violated]`);
  }

  onTestRunEnd(_modules: unknown, errors: ReadonlyArray<SerializedError>): void {
    clearTimeout(this.#timer);
    for (const error of errors) {
      this.errors.push(error.message);
      this.#line(`error: ${error.message}`);
    }
    if (this.#live) process.stdout.write('\r\x1b[K');
  }

  #verdictOf(name: string): { verdict: string; cases: number } | undefined {
    const id = /^([A-Z]+-\d+) /.exec(name)?.[1];
    const file = id && this.#runDir ? path.join(this.#runDir, 'verdicts', `${id}.json`) : undefined;
    if (!file || !existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as { verdict: string; cases: number };
    } catch {
      return undefined;
    }
  }

  #line(text: string): void {
    if (this.#live) process.stdout.write('\r\x1b[K');
    this.#write(`[tenantproof] ${text}`);
    this.#status();
  }

  #status(): void {
    if (!this.#live) return;
    process.stdout.write(`\r\x1b[K[tenantproof] ${this.#suite || 'starting'} | ${this.#done} invariants, ${this.#cases} cases, ${this.#findings} violated`);
  }
}
