import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { previousSummary, summaryNamed } from './run-summaries.ts';
import type { Summary } from '../../reports/summary.ts';
import { sampleSummary } from '../../reports/test-support/sample-summary.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';

const tmp = tempDirs('tp-summaries-');
function writeRun(runs: string, runId: string, fields: Partial<Summary>): void {
  mkdirSync(path.join(runs, runId), { recursive: true });
  writeFileSync(path.join(runs, runId, 'summary.json'), JSON.stringify({ ...sampleSummary(), runId, ...fields }));
}

describe('previousSummary', () => {
  test('is the latest earlier run of the same contract; later runs, other contracts and merges do not count', () => {
    const runs = tmp();
    const config = '/srv/a/tenantproof.config.ts';
    writeRun(runs, 'run-1', { config, startedAt: '2026-01-01T00:00:00.000Z' });
    writeRun(runs, 'run-2', { config, startedAt: '2026-01-02T00:00:00.000Z' });
    writeRun(runs, 'run-other', { config: '/srv/b/tenantproof.config.ts', startedAt: '2026-01-02T12:00:00.000Z' });
    writeRun(runs, 'run-merged', { config, startedAt: '2026-01-02T13:00:00.000Z', mergedFrom: ['x', 'y'] });
    writeRun(runs, 'run-4', { config, startedAt: '2026-01-04T00:00:00.000Z' });
    expect(previousSummary(runs, config, '2026-01-03T00:00:00.000Z')?.runId).toBe('run-2');
    expect(previousSummary(runs, config, '2026-01-01T00:00:00.000Z')).toBeUndefined();
    expect(previousSummary(path.join(runs, 'absent'), config, '2026-01-03T00:00:00.000Z')).toBeUndefined();
  });
});

describe('summaryNamed', () => {
  test('takes a run folder, its summary.json or a run id in the runs folder', () => {
    const runs = tmp();
    writeRun(runs, 'run-7', {});
    expect(summaryNamed(path.join(runs, 'run-7'), runs).runId).toBe('run-7');
    expect(summaryNamed(path.join(runs, 'run-7', 'summary.json'), runs).runId).toBe('run-7');
    expect(summaryNamed('run-7', runs).runId).toBe('run-7');
  });

  test('says what it tried when nothing there is a summary', () => {
    const runs = tmp();
    expect(() => summaryNamed('run-404', runs)).toThrow(/no run summary at run-404 \(tried run-404, run-404\/summary.json, .*run-404\/summary.json\)/);
  });
});
