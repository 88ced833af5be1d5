/**
 * Postgres in a container (testcontainers), for machines with a Docker engine: the same image as
 * production, isolated per run, its data on a tmpfs. Loaded lazily so machines without Docker
 * never pay for the import. If this process dies hard, testcontainers' reaper (Ryuk) removes it.
 */
import { PostgresError } from '../errors/index.ts';
import { trackStopper } from '../lifecycle/process-registry.ts';
import { databaseAdmin, withDatabase } from './admin-database.ts';
import type { PostgresOptions, StartedPostgres } from './types.ts';
import { createRequire } from 'node:module';

const USER = 'postgres';
const PASSWORD = 'tenantproof';
/** The throwaway-cluster settings; listen_addresses stays the image's `*` so the mapped port works. */
const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
};
const KEEP_LINES = 40;

/** The container provider's package: an optional peer, so an embedded-only install stays small. */
export const CONTAINER_PACKAGE = '@testcontainers/postgresql';

/** Whether the container provider's package can be loaded from here (`auto` falls back to embedded without it). */
export function containerPackageInstalled(): boolean {
  try {
    // createRequire, not import.meta.resolve: vitest's module runner does not provide the latter.
    createRequire(import.meta.url).resolve(CONTAINER_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

async function containerPackage(): Promise<typeof import('@testcontainers/postgresql')> {
  try {
    return await import('@testcontainers/postgresql');
  } catch (cause) {
    throw new PostgresError(
      'POSTGRES_CONTAINER_PACKAGE_MISSING',
      `database.provider "container" needs ${CONTAINER_PACKAGE}, which is not installed: npm install -D ${CONTAINER_PACKAGE}@11 (or use provider "embedded")`,
      { cause },
    );
  }
}

/** The image to run: `image`, else `postgres:<version>`, else `postgres:18-alpine`. */
export function containerImage(options: PostgresOptions): string {
  return options.image ?? `postgres:${options.version ?? '18-alpine'}`;
}

/**
 * Starts a Postgres container and waits until it accepts connections. On failure testcontainers
 * has already removed the container; we rethrow with its last log lines.
 */
export async function startContainer(options: PostgresOptions = {}): Promise<StartedPostgres> {
  const log = options.log ?? (() => {});
  const image = containerImage(options);
  const { PostgreSqlContainer } = await containerPackage();
  const lastLines: string[] = [];
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const t0 = performance.now();
  let started;
  try {
    started = await new PostgreSqlContainer(image)
      .withUsername(USER)
      .withPassword(PASSWORD)
      .withDatabase('postgres')
      .withCommand(['postgres', ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])])
      // PGDATA lives under /var/lib/postgresql in every official image; RAM is faster and leaves no volume.
      .withTmpFs({ '/var/lib/postgresql': 'rw' })
      .withLogConsumer((stream) => {
        stream.on('data', (chunk: Buffer | string) => {
          for (const line of String(chunk).split('\n')) {
            if (!line) continue;
            lastLines.push(line);
            if (lastLines.length > KEEP_LINES) lastLines.shift();
          }
        });
        stream.on('error', () => {});
      })
      .start();
  } catch (cause) {
    throw new PostgresError(
      'POSTGRES_START_FAILED',
      `container ${image} did not start: ${(cause as Error).message}\n--- last ${lastLines.length} lines of container output ---\n${lastLines.join('\n')}`,
      { cause },
    );
  }
  const container = started;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      untrack();
      await container.stop();
    })());
  const untrack = trackStopper(stop);
  const maintenanceUrl = withDatabase(container.getConnectionUri(), 'postgres');
  const admin = databaseAdmin(maintenanceUrl);
  let serverVersion: string;
  try {
    serverVersion = await admin.serverVersion();
  } catch (err) {
    await stop();
    throw err;
  }
  log(`postgres: container ${image} ${serverVersion} on ${container.getHost()}:${container.getPort()} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  return {
    kind: 'container',
    host: container.getHost(),
    port: container.getPort(),
    serverVersion,
    adminUrl: (database) => withDatabase(maintenanceUrl, database),
    createDatabase: admin.createDatabase,
    dropDatabase: admin.dropDatabase,
    stop,
  };
}
