import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import { ProgressReporter, wantsLiveProgress } from './progress-reporter.ts';

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
