import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { spawnFailure } from './binary-access.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('spawnFailure', () => {
  test('an EACCES names the first folder others cannot traverse and the fix', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tp-access-'));
    dirs.push(root);
    const bin = path.join(root, 'pkg', 'bin');
    mkdirSync(bin, { recursive: true });
    chmodSync(path.join(root, 'pkg'), 0o755);
    chmodSync(bin, 0o755);
    chmodSync(root, 0o700);
    const message = spawnFailure(path.join(bin, 'initdb'), Object.assign(new Error('spawn EACCES'), { code: 'EACCES' }));
    expect(message).toBe(
      `could not run ${path.join(bin, 'initdb')}: the Postgres OS user cannot traverse ${root} (mode 700); chmod o+x ${root}, or install tenantproof under a folder every user can enter`,
    );
  });

  test('other failures keep their own message', () => {
    expect(spawnFailure('/x/initdb', Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }))).toBe('could not run /x/initdb: spawn ENOENT');
  });
});
