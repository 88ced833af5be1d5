/**
 * An existing Postgres server given by URL: nothing is started; the caller creates a fresh
 * database per run on it and drops it afterwards, so runs never share state.
 */
import { databaseAdmin, withDatabase } from './admin-database.ts';
import type { StartedPostgres } from './types.ts';

export async function connectUrl(url: string): Promise<StartedPostgres> {
  const parsed = new URL(url);
  const admin = databaseAdmin(url);
  return {
    kind: 'url',
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    serverVersion: await admin.serverVersion(),
    adminUrl: (database) => withDatabase(url, database),
    createDatabase: admin.createDatabase,
    dropDatabase: admin.dropDatabase,
    stop: async () => undefined,
  };
}
