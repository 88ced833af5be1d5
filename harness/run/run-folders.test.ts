import { mkdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { pointLatest, runFolders, shownRunDir } from './run-folders.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';

const tmp = tempDirs('tp-folders-');

describe('runFolders', () => {
  test('by default runs go to <cwd>/.tenantproof/runs/ and latest is <cwd>/.tenantproof/latest, never reports/', () => {
    expect(runFolders(undefined, '/work/service')).toEqual({
      runs: '/work/service/.tenantproof/runs',
      latest: '/work/service/.tenantproof/latest',
      corpus: '/work/service/.tenantproof/corpus',
    });
    expect(runFolders().runs).toBe(path.join(process.cwd(), '.tenantproof', 'runs'));
    expect(shownRunDir('run-1')).toBe(path.join('.tenantproof', 'runs', 'run-1'));
  });

  test('--reports <dir> puts runs directly in <dir>, resolved from cwd, with <dir>/latest and the corpus beside them unless --corpus says', () => {
    expect(runFolders('out', '/work/service')).toEqual({ runs: '/work/service/out', latest: '/work/service/out/latest', corpus: '/work/service/out/corpus' });
    expect(runFolders('/tmp/r', '/work/service', 'corpus')).toEqual({ runs: '/tmp/r', latest: '/tmp/r/latest', corpus: '/work/service/corpus' });
    expect(shownRunDir('run-1', '/tmp/r')).toBe('/tmp/r/run-1');
  });
});

describe('pointLatest', () => {
  test('points latest at the newest run with a relative link, replacing the previous one', () => {
    const cwd = tmp();
    const { runs, latest } = runFolders(undefined, cwd);
    for (const id of ['run-a', 'run-b']) mkdirSync(path.join(runs, id), { recursive: true });
    pointLatest(latest, path.join(runs, 'run-a'));
    pointLatest(latest, path.join(runs, 'run-b'));
    expect(readlinkSync(latest)).toBe(path.join('runs', 'run-b'));
    expect(realpathSync(latest)).toBe(realpathSync(path.join(runs, 'run-b')));

    const reports = runFolders(path.join(cwd, 'r'));
    mkdirSync(path.join(reports.runs, 'run-c'), { recursive: true });
    pointLatest(reports.latest, path.join(reports.runs, 'run-c'));
    expect(readlinkSync(reports.latest)).toBe('run-c');
  });
});
