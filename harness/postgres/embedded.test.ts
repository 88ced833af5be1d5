import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresError } from '../errors/index.ts';
import { queryOnce } from './_internals/test-query.ts';
import { childrenOf, eventually, postmasterPid, processesWith, running } from './_internals/test-processes.ts';
import { startEmbedded } from './embedded.ts';
import type { StartedPostgres } from './types.ts';

/** initdb alone can take several seconds on a loaded 2-core machine. */
const START_TIMEOUT_MS = 180_000;

/** This process's embedded run directories (the owner file says pid@host). */
function ownRunDirs(): string[] {
  return readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('tenantproof-pg-'))
    .filter((name) => {
      try {
        return readFileSync(path.join(os.tmpdir(), name, 'owner'), 'utf8').trim() === `${process.pid}@${os.hostname()}`;
      } catch {
        return false;
      }
    });
}

describe('embedded provider', () => {
  let server: StartedPostgres;
  const lines: string[] = [];

  beforeAll(async () => {
    server = await startEmbedded({ log: (line) => lines.push(line) });
  }, START_TIMEOUT_MS);
  afterAll(() => server?.stop());

  it('answers select 1 on 127.0.0.1 and reports its version', async () => {
    expect(server.kind).toBe('embedded');
    expect(server.host).toBe('127.0.0.1');
    expect(server.serverVersion).toMatch(/^18\.\d+/);
    expect(await queryOnce(server.adminUrl(), 'select 1 as one')).toEqual([{ one: 1 }]);
    const [settings] = await queryOnce<Record<string, string>>(
      server.adminUrl(),
      "select current_setting('fsync') as fsync, current_setting('listen_addresses') as listen",
    );
    expect(settings).toEqual({ fsync: 'off', listen: '127.0.0.1' });
    expect(lines.some((line) => /^postgres: embedded 18\.\d+ on 127\.0\.0\.1:\d+, pid \d+ \(initdb .* s, start .* s\)$/.test(line))).toBe(true);
  });

  it('writes the server log into logDir', () => {
    expect(server.logDir).toBeDefined();
    expect(readFileSync(path.join(server.logDir!, 'postgres.log'), 'utf8')).toContain('database system is ready to accept connections');
  });

  it('creates databases (quoted names, from a template) and drops them, even with a client connected', async () => {
    const name = 'tp "quoted" db';
    await server.createDatabase(name);
    await queryOnce(server.adminUrl(name), 'create table marker (id int)');
    expect(await queryOnce(server.adminUrl(name), 'select current_database() as db')).toEqual([{ db: name }]);
    await server.createDatabase('tp_copy', name);
    expect(await queryOnce(server.adminUrl('tp_copy'), "select count(*)::int as n from pg_tables where tablename = 'marker'")).toEqual([{ n: 1 }]);

    const lingering = new pg.Client({ connectionString: server.adminUrl('tp_copy') });
    lingering.on('error', () => {});
    await lingering.connect();
    await server.dropDatabase('tp_copy');
    await server.dropDatabase(name);
    await server.dropDatabase(name);
    await lingering.end().catch(() => {});
    const left = await queryOnce<{ datname: string }>(server.adminUrl(), "select datname from pg_database where datname like 'tp%'");
    expect(left).toEqual([]);
  });

  it('reports a duplicate database as a PostgresError that keeps the server error as cause', async () => {
    await server.createDatabase('tp_twice');
    const error = await server.createDatabase('tp_twice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresError);
    expect(error).toMatchObject({ code: 'POSTGRES_ADMIN_FAILED', cause: { code: '42P04' } });
    expect((error as Error).message).not.toContain('tenantproof@');
    await server.dropDatabase('tp_twice');
  });

  it('stop() stops the postmaster and its children and removes the data directory; a second stop is a no-op', async () => {
    const pid = postmasterPid(server.dataDir!);
    const children = childrenOf(pid);
    expect(running(pid)).toBe(true);
    expect(children.length).toBeGreaterThan(0);
    await server.stop();
    await server.stop();
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(await eventually(() => children.every((child) => !running(child)))).toBe(true);
    expect(existsSync(server.dataDir!)).toBe(false);
    expect(existsSync(path.dirname(server.dataDir!))).toBe(false);
    expect(lines.some((line) => line.startsWith('postgres: embedded stopped'))).toBe(true);
  });
});

describe('embedded provider with a fixed port', () => {
  it('fails with POSTGRES_PORT_IN_USE naming host:port, before starting anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const lines: string[] = [];
    try {
      const error = await startEmbedded({ port, log: (line) => lines.push(line) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresError);
      expect(error).toMatchObject({ code: 'POSTGRES_PORT_IN_USE', message: expect.stringContaining(`127.0.0.1:${port}`) });
      expect(lines).toEqual([]);
      expect(processesWith('postgres', '-p\0' + port + '\0')).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('embedded provider with extra settings', () => {
  it(
    'applies them over the defaults, and still sees readiness when they keep the ready line off stderr',
    async () => {
      const lines: string[] = [];
      const server = await startEmbedded({ version: '17', settings: { log_min_messages: 'fatal', work_mem: '8MB' }, log: (line) => lines.push(line) });
      try {
        expect(await queryOnce(server.adminUrl(), "select current_setting('work_mem') as work_mem, current_setting('fsync') as fsync")).toEqual([
          { work_mem: '8MB', fsync: 'off' },
        ]);
        expect(readFileSync(path.join(server.logDir!, 'postgres.log'), 'utf8')).not.toContain('ready to accept connections');
        expect(lines).toContain(
          `postgres: asked for version 17, but the embedded binaries are ${server.serverVersion} (the version is informational for embedded)`,
        );
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );
});

describe('embedded provider that fails to start', () => {
  it(
    "cleans up and rethrows with the server's last lines",
    async () => {
      const before = ownRunDirs();
      const error = await startEmbedded({ settings: { shared_buffers: 'banana' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresError);
      expect(error).toMatchObject({
        code: 'POSTGRES_START_FAILED',
        message: expect.stringMatching(/exited before accepting connections[\s\S]*--- last \d+ lines of server output ---[\s\S]*banana/),
      });
      expect(ownRunDirs()).toEqual(before);
    },
    START_TIMEOUT_MS,
  );
});
