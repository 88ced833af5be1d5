import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresError } from '../errors/index.ts';
import { queryOnce } from './_internals/test-query.ts';
import { startEmbedded } from './embedded.ts';
import type { StartedPostgres } from './types.ts';
import { connectUrl } from './url.ts';

describe('url provider', () => {
  let existing: StartedPostgres;
  beforeAll(async () => {
    existing = await startEmbedded();
  }, 180_000);
  afterAll(() => existing?.stop());

  it('reaches an existing server, creates a fresh database per run and drops it, and stops nothing', async () => {
    const server = await connectUrl(existing.adminUrl());
    expect(server).toMatchObject({ kind: 'url', host: '127.0.0.1', port: existing.port, serverVersion: existing.serverVersion });
    expect(server.dataDir).toBeUndefined();

    await server.createDatabase('tp_run_1');
    expect(await queryOnce(server.adminUrl('tp_run_1'), 'select current_database() as db')).toEqual([{ db: 'tp_run_1' }]);
    await server.dropDatabase('tp_run_1');
    expect(await queryOnce(existing.adminUrl(), "select count(*)::int as n from pg_database where datname = 'tp_run_1'")).toEqual([{ n: 0 }]);

    await server.stop();
    await server.stop();
    expect(await queryOnce(server.adminUrl(), 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('keeps the database of the given URL as the default', async () => {
    await existing.createDatabase('tp_home');
    const server = await connectUrl(existing.adminUrl('tp_home'));
    expect(await queryOnce(server.adminUrl(), 'select current_database() as db')).toEqual([{ db: 'tp_home' }]);
    await existing.dropDatabase('tp_home');
  });

  it('rejects a URL that is not postgres://', async () => {
    await expect(connectUrl('mysql://root:secret@localhost/db')).rejects.toMatchObject({ code: 'POSTGRES_URL_INVALID' });
    await expect(connectUrl('not a url')).rejects.toMatchObject({ code: 'POSTGRES_URL_INVALID' });
  });

  it('reports an unreachable server without its password', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await connectUrl(`postgres://postgres:hunter2@127.0.0.1:${port}/postgres`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresError);
    expect(error).toMatchObject({ code: 'POSTGRES_ADMIN_FAILED', message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toContain('[redacted]');
  });
});
