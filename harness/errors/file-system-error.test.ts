import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';
import { writeReportFile } from '../../reports/write-report-file.ts';
import { fullEvidence } from '../../reports/test-support/full-evidence.ts';
import { diskFullError, fileSystemError } from './file-system-error.ts';

const tmp = tempDirs('tp-fs-error-');

/** What writeReportFile throws on a full disk, for real: its temporary file is a link to /dev/full. */
function fullDiskWrite(): { file: string; error: unknown } {
  const file = path.join(tmp(), 'report.html');
  symlinkSync('/dev/full', `${file}.tmp`);
  try {
    writeReportFile(file, '<html></html>');
  } catch (error) {
    return { file, error };
  }
  throw new Error('writing to /dev/full did not fail');
}

describe('a full disk while writing the bundle', () => {
  test('the write names its file, and the CLI says it in one line: DISK_FULL, the file, ENOSPC', () => {
    const { file, error } = fullDiskWrite();
    expect(error).toMatchObject({ code: 'ENOSPC', path: file });
    const err = diskFullError(error);
    expect(err?.code).toBe('DISK_FULL');
    expect(err?.message).toBe(`no space left on the device holding ${file} (ENOSPC): free some space there`);
  });

  test('errors that are not a full disk are left as they are', () => {
    expect(diskFullError(Object.assign(new Error('x'), { code: 'EACCES', path: '/x' }))).toBeUndefined();
    expect(diskFullError(new Error('plain'))).toBeUndefined();
    expect(fileSystemError(Object.assign(new Error('x'), { code: 'ENOENT' }), '/x')).toBeUndefined();
  });
});

describe('a full disk while an invariant writes its evidence mid-run', () => {
  test('the failed append names evidence.ndjson, and closing after it does not fail on the same lines', () => {
    const { file, evidence } = fullEvidence(tmp());
    evidence.write({ invariant: 'TI-1', kind: 'http', request: { path: '/x' } });
    expect(() => evidence.flush()).toThrow(expect.objectContaining({ code: 'ENOSPC', path: file }));
    expect(() => evidence.flush()).not.toThrow();
  });
});
