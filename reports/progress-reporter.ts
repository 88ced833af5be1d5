/**
 * Vitest reporter for the product suites. In CI (or when output is not a terminal) it prints one
 * plain line per invariant as it finishes; on a terminal it also keeps a live status line: the
 * suite running, invariants done, cases run, findings so far and an ETA. It also stops the run between
 * invariants, once the run's time budget is spent or when the run is interrupted.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import type { SerializedError } from 'vitest';
import { VERDICTS_DIR } from './evidence-store.ts';
import type { InvariantVerdict } from './verdict.ts';
import { clampLines } from './console-lines.ts';

export interface ProgressOptions {
  write?: (line: string) => void;
  /** Live status line (a TTY outside CI); default: plain lines only. */
  live?: boolean;
  /** Folder the suites record verdicts in, read for case counts and findings as invariants finish. */
  runDir?: string;
  /** Cancel the run after this many milliseconds (the time budget). */
  budgetMs?: number;
  /** How many invariants the run selected, for the live line's ETA. */
  total?: number;
  /** Where the live line goes (default stdout, without a newline). */
  writeStatus?: (text: string) => void;
  /** The verdict as the summary will give it (a waived violation is `waived`), from the one the suite recorded. */
  judge?: (recorded: InvariantVerdict) => InvariantVerdict;
}

/** Whether progress should be a live line (ANSI erase and carriage return): stdout is a terminal, and neither CI nor NO_COLOR is set. */
export function wantsLiveProgress(env: NodeJS.ProcessEnv = process.env, tty = Boolean(process.stdout.isTTY)): boolean {
  return tty && !env['CI'] && !env['NO_COLOR'];
}

/**
 * Seconds left, from the mean time per finished invariant, capped by what is left of the time
 * budget (the run stops starting invariants then); undefined before anything can be estimated.
 */
export function etaSeconds(o: { elapsedMs: number; done: number; total?: number; budgetMs?: number }): number | undefined {
  const byRate = o.total && o.done > 0 ? (o.elapsedMs / o.done) * Math.max(0, o.total - o.done) : undefined;
  const byBudget = o.budgetMs ? Math.max(0, o.budgetMs - o.elapsedMs) : undefined;
  const ms = byRate === undefined ? byBudget : byBudget === undefined ? byRate : Math.min(byRate, byBudget);
  return ms === undefined ? undefined : Math.round(ms / 1000);
}

export class ProgressReporter implements Reporter {
  readonly #write: (line: string) => void;
  readonly #live: boolean;
  readonly #runDir?: string;
  readonly #budgetMs?: number;
  readonly #judge: (recorded: InvariantVerdict) => InvariantVerdict;
  readonly #total?: number;
  readonly #writeStatus: (text: string) => void;
  readonly #startedAt = Date.now();
  #timer?: NodeJS.Timeout;
  #vitest?: Vitest;
  #started = false;
  #stopping = false;
  #done = 0;
  #cases = 0;
  #findings = 0;
  #suite = '';
  /** Errors vitest reported outside any test (a global setup that failed to load, a crashed worker). */
  readonly errors: string[] = [];
  /** Set when the time budget ran out and the run was cancelled. */
  budgetExhausted = false;
  /** A full disk met by an invariant's writes (its test failed with `DISK_FULL`): the run was stopped, since every later write would fail too. */
  diskFull?: { message: string };

  constructor(options: ProgressOptions = {}) {
    this.#write = options.write ?? ((l) => process.stdout.write(`${l}\n`));
    this.#live = options.live ?? false;
    this.#runDir = options.runDir;
    this.#budgetMs = options.budgetMs;
    this.#judge = options.judge ?? ((v) => v);
    this.#total = options.total;
    this.#writeStatus = options.writeStatus ?? ((t) => process.stdout.write(t));
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
    if (!this.#budgetMs) return;
    this.#timer = setTimeout(() => {
      this.budgetExhausted = true;
      this.#line(`time budget of ${Math.round(this.#budgetMs! / 1000)} s spent: stopping after the running invariant`);
      this.stopStarting();
    }, this.#budgetMs);
    this.#timer.unref();
  }

  onTestModuleStart(module: TestModule): void {
    // A cancel sent while the global setup still runs is lost, so a stop asked for while the
    // environment starts takes effect when the first suite starts.
    if (!this.#started && this.#stopping) this.#cancel();
    this.#started = true;
    this.#suite = path.basename(module.moduleId);
    this.#status();
  }

  /** No further invariant starts; the running one finishes (or is stopped by whoever asked). */
  stopStarting(): void {
    this.#stopping = true;
    if (this.#started) this.#cancel();
  }

  #cancel(): void {
    void this.#vitest?.cancelCurrentRun('time-budget' as 'test-failure');
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') return;
    const diskFull = result.errors?.find((e) => (e as { code?: unknown }).code === 'DISK_FULL');
    if (diskFull && !this.diskFull) {
      this.diskFull = { message: diskFull.message };
      this.stopStarting();
    }
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
    if (this.#live) this.#writeStatus('\r\x1b[K');
  }

  #verdictOf(name: string): InvariantVerdict | undefined {
    const id = /^([A-Z]+-\d+) /.exec(name)?.[1];
    const file = id && this.#runDir ? path.join(this.#runDir, VERDICTS_DIR, `${id}.json`) : undefined;
    if (!file || !existsSync(file)) return undefined;
    try {
      return this.#judge(JSON.parse(readFileSync(file, 'utf8')) as InvariantVerdict);
    } catch {
      return undefined;
    }
  }

  #line(text: string): void {
    if (this.#live) this.#writeStatus('\r\x1b[K');
    this.#write(clampLines(`[tenantproof] ${text}`, 'the run folder'));
    this.#status();
  }

  #status(): void {
    if (!this.#live) return;
    const eta = etaSeconds({ elapsedMs: Date.now() - this.#startedAt, done: this.#done, total: this.#total, budgetMs: this.#budgetMs });
    const done = this.#total ? `${this.#done}/${this.#total}` : String(this.#done);
    this.#writeStatus(
      `\r\x1b[K[tenantproof] ${this.#suite || 'starting'} | ${done} invariants, ${this.#cases} cases, ${this.#findings} violated${eta === undefined ? '' : ` | ETA ${eta}s`}`,
    );
  }
}
