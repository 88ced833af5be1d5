/**
 * A file-system failure the user can act on (no room, no permission, a read-only disk, a file in
 * the way), said in one line with the place and what to change, instead of Node's stack trace.
 */
import { EnvironmentError } from './index.ts';

const ADVICE = 'pass --reports <a writable folder>, or fix that folder';

const REASONS: Record<string, (place: string) => string> = {
  ENOSPC: (place) => `no space left on the device holding ${place} (ENOSPC): free some space there`,
  EDQUOT: (place) => `disk quota exceeded on the device holding ${place} (EDQUOT): free some space there`,
  EACCES: (place) => `${place} is not writable by this user (uid ${process.getuid?.() ?? '?'}, EACCES): ${ADVICE}`,
  EPERM: (place) => `${place} is not writable by this user (uid ${process.getuid?.() ?? '?'}, EPERM): ${ADVICE}`,
  EROFS: (place) => `${place} is on a read-only file system (EROFS): ${ADVICE}`,
  ENOTDIR: (place) => `a file stands where a folder of ${place} should be (ENOTDIR): ${ADVICE}`,
  EEXIST: (place) => `a file stands where the folder ${place} should be (EEXIST): ${ADVICE}`,
};

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** `err`, met while writing in `place`, as an EnvironmentError when it is one of the failures above, else undefined. */
export function fileSystemError(err: unknown, place: string): EnvironmentError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = typeof code === 'string' ? REASONS[code] : undefined;
  if (!reason) return undefined;
  return new EnvironmentError(DISK_FULL.has(code!) ? 'DISK_FULL' : 'FOLDER_UNWRITABLE', reason(place), { cause: err });
}

/**
 * `err` as an EnvironmentError when it is a full disk met by any write of the run (a report, a
 * verdict file: they name their file), else undefined; other errors may come from reads too.
 */
export function diskFullError(err: unknown): EnvironmentError | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  return e?.code && DISK_FULL.has(e.code) && e.path ? fileSystemError(err, e.path) : undefined;
}
