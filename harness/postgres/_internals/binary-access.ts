/**
 * Why a Postgres binary could not be run, in words a user can act on. As root, the binaries run as
 * the `postgres` OS user, who must be able to traverse every folder above them: a checkout or
 * temp folder of mode 0700 makes the spawn fail with a bare EACCES.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

export function spawnFailure(binary: string, cause: Error & { code?: string }): string {
  if (cause.code !== 'EACCES') return `could not run ${binary}: ${cause.message}`;
  for (let dir = path.dirname(binary); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const mode = statSync(dir, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o001) === 0)
      return `could not run ${binary}: the Postgres OS user cannot traverse ${dir} (mode ${(mode & 0o777).toString(8)}); chmod o+x ${dir}, or install tenantproof under a folder every user can enter`;
  }
  return `could not run ${binary}: permission denied (is it executable by the Postgres OS user?)`;
}
