/**
 * Vitest reporter for the product suites: one plain line per invariant as it finishes (readable in
 * CI logs and on a TTY alike), and the run's unhandled errors, without assertion stack traces
 * (the verdict table and counterexamples say what matters).
 */
import type { Reporter, TestCase } from 'vitest/node';
import type { SerializedError } from 'vitest';

export class ProgressReporter implements Reporter {
  readonly #write: (line: string) => void;
  #done = 0;
  /** Errors vitest reported outside any test (a global setup that failed to load, a crashed worker). */
  readonly errors: string[] = [];

  constructor(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
    this.#write = write;
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') return;
    this.#done += 1;
    const mark = result.state === 'passed' ? 'ok  ' : 'FAIL';
    const seconds = ((test.diagnostic()?.duration ?? 0) / 1000).toFixed(1);
    this.#write(`[tenantproof] ${mark} ${test.name} (${seconds}s) [${this.#done} done]`);
  }

  onTestRunEnd(_modules: unknown, errors: ReadonlyArray<SerializedError>): void {
    for (const error of errors) {
      this.errors.push(error.message);
      this.#write(`[tenantproof] error: ${error.message}`);
    }
  }
}
