/**
 * Postgres in a container (testcontainers), for machines with a Docker engine: the same image as
 * production, isolated per run. Loaded lazily so machines without Docker never pay for it.
 */
import { PostgresError } from '../errors.ts';
import { trackStopper } from '../lifecycle/process-registry.ts';
import { databaseAdmin, withDatabase } from './admin-database.ts';
import type { PostgresOptions, StartedPostgres } from './types.ts';

export async function startContainer(options: PostgresOptions): Promise<StartedPostgres> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const image = options.image ?? 'postgres:18-alpine';
  let container;
  try {
    container = await new PostgreSqlContainer(image)
      .withCommand(['postgres', ...Object.entries({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...options.settings }).flatMap(([k, v]) => ['-c', `${k}=${v}`])])
      .start();
  } catch (cause) {
    throw new PostgresError('POSTGRES_START_FAILED', `container ${image} did not start: ${(cause as Error).message}`, { cause });
  }
  const started = container;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    untrack();
    await started.stop();
  };
  const untrack = trackStopper(stop);
  const maintenanceUrl = withDatabase(started.getConnectionUri(), 'postgres');
  const admin = databaseAdmin(maintenanceUrl);
  return {
    kind: 'container',
    host: started.getHost(),
    port: started.getPort(),
    serverVersion: await admin.serverVersion(),
    adminUrl: (database) => withDatabase(maintenanceUrl, database),
    createDatabase: admin.createDatabase,
    dropDatabase: admin.dropDatabase,
    stop,
  };
}
