import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EnvironmentError } from '../errors/index.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';
import { checkRunFolder, REPORTS_NEED_BYTES, TMP_NEEDS_BYTES } from './check-run-folder.ts';

const tmp = tempDirs('tp-run-folder-');
const roomy = () => ({ bavail: 1e9, bsize: 4096 });

function thrown(run: () => void): EnvironmentError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvironmentError);
    return err as EnvironmentError;
  }
  throw new Error('expected an EnvironmentError');
}

describe('checkRunFolder', () => {
  test('creates the run folder and leaves nothing of its write check in it', () => {
    const runDir = path.join(tmp(), 'runs', 'run-1');
    checkRunFolder(runDir, { statfs: roomy });
    expect(readdirSync(runDir)).toEqual([]);
  });

  test('a file where a folder should be: FOLDER_UNWRITABLE in one line naming the folder and --reports', () => {
    const blocked = path.join(tmp(), 'reports');
    writeFileSync(blocked, '');
    const err = thrown(() => checkRunFolder(path.join(blocked, 'run-1'), { statfs: roomy }));
    expect(err.code).toBe('FOLDER_UNWRITABLE');
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain(path.join(blocked, 'run-1'));
    expect(err.message).toContain('ENOTDIR');
    expect(err.message).toContain('--reports');
  });

  // Root writes through any permission bits, so this one runs only as another user.
  test.skipIf(process.getuid?.() === 0)('a folder the user may not write: FOLDER_UNWRITABLE with EACCES and the uid', () => {
    const parent = tmp();
    mkdirSync(path.join(parent, 'locked'));
    chmodSync(path.join(parent, 'locked'), 0o500);
    const err = thrown(() => checkRunFolder(path.join(parent, 'locked', 'run-1'), { statfs: roomy }));
    expect(err.code).toBe('FOLDER_UNWRITABLE');
    expect(err.message).toMatch(/EACCES.*--reports/);
    chmodSync(path.join(parent, 'locked'), 0o700);
  });

  test('too little room for the bundle or for Postgres in the temporary folder: DISK_FULL naming the device and the way out', () => {
    const base = tmp();
    const runDir = path.join(base, 'run-1');
    const tmpDir = path.join(base, 'pg-tmp');
    const room = (free: Record<string, number>) => (dir: string) => ({ bavail: free[dir] ?? 1e9, bsize: 1 });

    const reports = thrown(() => checkRunFolder(runDir, { tmpDir, statfs: room({ [runDir]: REPORTS_NEED_BYTES - 1 }) }));
    expect(reports.code).toBe('DISK_FULL');
    expect(reports.message).toBe(
      `only 49 MB free on the device holding ${runDir} (run folders), which needs at least 50 MB: free some space there, or pass --reports <a folder on another device>`,
    );
    const temporary = thrown(() => checkRunFolder(runDir, { tmpDir, statfs: room({ [tmpDir]: 0 }) }));
    expect(temporary.message).toBe(
      `only 0 MB free on the device holding ${tmpDir} (the temporary folder), which needs at least ${TMP_NEEDS_BYTES / 1024 / 1024} MB: free some space there, or point TMPDIR at another device`,
    );
    expect(() => checkRunFolder(runDir, { tmpDir, statfs: room({ [runDir]: REPORTS_NEED_BYTES, [tmpDir]: TMP_NEEDS_BYTES }) })).not.toThrow();
    expect(existsSync(runDir)).toBe(true);
  });
});
