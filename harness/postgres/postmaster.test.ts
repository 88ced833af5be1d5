/** The postmaster runner on its own: a lost port race is recognised, and a fast stop is clean. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../target/free-port.ts';
import { clusterOwner, type ClusterOwner } from './_internals/cluster-owner.ts';
import { initdb } from './_internals/initdb.ts';
import { postgresBinaries, type PostgresBinaries } from './_internals/postgres-binaries.ts';
import { startPostmaster, type PostmasterOptions } from './_internals/postmaster.ts';
import { ServerOutput } from './_internals/server-output.ts';
import { processesWith, running } from './_internals/test-processes.ts';

describe('startPostmaster', () => {
  let work: string;
  let bin: PostgresBinaries;
  let owner: ClusterOwner;
  const options = (port: number, output: ServerOutput): PostmasterOptions => ({
    postgres: bin.postgres,
    dataDir: path.join(work, 'data'),
    host: '127.0.0.1',
    port,
    settings: { listen_addresses: '127.0.0.1', unix_socket_directories: '', fsync: 'off' },
    owner,
    cwd: work,
    output,
    readyTimeoutMs: 60_000,
  });

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'tp-postmaster-'));
    if (process.getuid?.() === 0) chmodSync(work, 0o755);
    bin = await postgresBinaries();
    owner = await clusterOwner();
    await initdb({
      initdb: bin.initdb,
      dataDir: path.join(work, 'data'),
      workDir: work,
      owner,
      user: 'postgres',
      password: 'x',
      timeoutMs: 120_000,
      output: new ServerOutput(),
    });
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports a port taken by someone else as POSTGRES_PORT_IN_USE, and leaves no process', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startPostmaster(options(port, new ServerOutput())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'POSTGRES_PORT_IN_USE', message: expect.stringContaining('Address already in use') });
      expect(processesWith(bin.postgres, `-p\0${port}\0`)).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);

  it('stops fast with a clean shutdown, and stop is idempotent', async () => {
    const output = new ServerOutput();
    const postmaster = await startPostmaster(options(await freePort(), output));
    expect(running(postmaster.pid)).toBe(true);
    await Promise.all([postmaster.stop('fast'), postmaster.stop('fast')]);
    expect(running(postmaster.pid)).toBe(false);
    expect(output.lastLines().join('\n')).toMatch(/received fast shutdown request[\s\S]*database system is shut down/);
  }, 60_000);
});
