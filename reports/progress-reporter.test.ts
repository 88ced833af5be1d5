import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { etaSeconds, ProgressReporter, wantsLiveProgress } from './progress-reporter.ts';
import { tempDirs } from './test-support/temp-dirs.ts';

const tmp = tempDirs('tp-progress-');

afterEach(() => {
  vi.useRealTimers();
});

const fakeVitest = () => ({ cancelCurrentRun: vi.fn(async () => {}) });
const module = { moduleId: '/x/suites/tenant-isolation.suite.ts' } as TestModule;

describe('time budget', () => {
  test('once spent, the run is cancelled (after the running invariant) and the reporter says so', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const vitest = fakeVitest();
    const reporter = new ProgressReporter({ write: (l) => lines.push(l), budgetMs: 60_000 });
    reporter.onInit(vitest as unknown as Vitest);
    reporter.onTestModuleStart(module);
    vi.advanceTimersByTime(59_999);
    expect(vitest.cancelCurrentRun).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(vitest.cancelCurrentRun).toHaveBeenCalledOnce();
    expect(reporter.budgetExhausted).toBe(true);
    expect(lines).toContain('[tenantproof] time budget of 60 s spent: stopping after the running invariant');
  });

  test('a budget spent while the environment starts cancels as soon as the first suite starts', () => {
    vi.useFakeTimers();
    const vitest = fakeVitest();
    const reporter = new ProgressReporter({ write: () => {}, budgetMs: 1000 });
    reporter.onInit(vitest as unknown as Vitest);
    vi.advanceTimersByTime(1000);
    expect(vitest.cancelCurrentRun).not.toHaveBeenCalled();
    reporter.onTestModuleStart(module);
    expect(vitest.cancelCurrentRun).toHaveBeenCalledOnce();
  });

  test('without a budget nothing is ever cancelled', () => {
    vi.useFakeTimers();
    const vitest = fakeVitest();
    const reporter = new ProgressReporter({ write: () => {} });
    reporter.onInit(vitest as unknown as Vitest);
    reporter.onTestModuleStart(module);
    vi.advanceTimersByTime(10 * 3_600_000);
    expect(vitest.cancelCurrentRun).not.toHaveBeenCalled();
  });
});

describe('the live status line', () => {
  test('only on a terminal, and never with CI or NO_COLOR set', () => {
    expect(wantsLiveProgress({}, true)).toBe(true);
    expect(wantsLiveProgress({}, false)).toBe(false);
    expect(wantsLiveProgress({ CI: 'true' }, true)).toBe(false);
    expect(wantsLiveProgress({ NO_COLOR: '1' }, true)).toBe(false);
  });
});

describe('a full disk met by an invariant', () => {
  test('stops the run and keeps the one-line message for the CLI', () => {
    const vitest = fakeVitest();
    const reporter = new ProgressReporter({ write: () => {} });
    reporter.onInit(vitest as unknown as Vitest);
    reporter.onTestModuleStart(module);
    const message = 'no space left on the device holding /r/evidence.ndjson (ENOSPC): free some space there';
    const test = {
      name: 'TI-1 Cross-tenant read',
      result: () => ({ state: 'failed', errors: [{ message, code: 'DISK_FULL' }] }),
      diagnostic: () => ({ duration: 100 }),
    } as unknown as TestCase;
    reporter.onTestCaseResult(test);
    expect(reporter.diskFull).toEqual({ message });
    expect(vitest.cancelCurrentRun).toHaveBeenCalledOnce();
  });
});

const finished = (name: string, durationMs: number) =>
  ({ name, result: () => ({ state: 'passed', errors: [] }), diagnostic: () => ({ duration: durationMs }) }) as unknown as TestCase;

describe('progress lines', () => {
  test('in CI: one plain line per invariant as it finishes, with id, verdict, cases and seconds, and no ANSI', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'verdicts'));
    writeFileSync(path.join(dir, 'verdicts/TI-1.json'), JSON.stringify({ id: 'TI-1', verdict: 'held', cases: 40, durationMs: 2300 }));
    const lines: string[] = [];
    const status: string[] = [];
    const reporter = new ProgressReporter({ write: (l) => lines.push(l), writeStatus: (t) => status.push(t), runDir: dir });
    reporter.onTestModuleStart(module);
    reporter.onTestCaseResult(finished('TI-1 Cross-tenant read by id is refused', 2300));
    expect(lines).toEqual(['[tenantproof] held         TI-1 Cross-tenant read by id is refused (40 cases, 2.3s) [1 done, 0 violated]']);
    expect(status).toEqual([]);
  });

  test('on a terminal: a live line with invariants done of the total and an ETA', () => {
    vi.useFakeTimers();
    const status: string[] = [];
    const reporter = new ProgressReporter({ write: () => {}, writeStatus: (t) => status.push(t), live: true, total: 4, budgetMs: 600_000 });
    reporter.onTestModuleStart(module);
    expect(status.at(-1)).toBe('\r\x1b[K[tenantproof] tenant-isolation.suite.ts | 0/4 invariants, 0 cases, 0 violated | ETA 600s');
    vi.advanceTimersByTime(10_000);
    reporter.onTestCaseResult(finished('TI-1 x', 10_000));
    expect(status.at(-1)).toMatch(/\| 1\/4 invariants, 0 cases, 0 violated \| ETA 30s$/);
  });

  test('the ETA: mean time per invariant for the rest, capped by the budget left', () => {
    expect(etaSeconds({ elapsedMs: 0, done: 0 })).toBeUndefined();
    expect(etaSeconds({ elapsedMs: 20_000, done: 2, total: 5 })).toBe(30);
    expect(etaSeconds({ elapsedMs: 20_000, done: 2, total: 5, budgetMs: 30_000 })).toBe(10);
    expect(etaSeconds({ elapsedMs: 40_000, done: 2, total: 5, budgetMs: 30_000 })).toBe(0);
  });
});
