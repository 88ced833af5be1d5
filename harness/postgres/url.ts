/**
 * An existing Postgres server given by URL: nothing is started or stopped; the caller creates a
 * fresh database per run on it and drops it afterwards, so runs never share state.
 */
import { PostgresError } from '../errors/index.ts';
import { databaseAdmin, redactUrl, withDatabase } from './admin-database.ts';
import type { StartedPostgres } from './types.ts';

/** Checks that `url` answers as a server we can administer and returns a handle to it. */
export async function connectUrl(url: string): Promise<StartedPostgres> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new PostgresError('POSTGRES_URL_INVALID', `database.url: expected a postgres:// URL, found ${JSON.stringify(redactUrl(url))}`, { cause });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PostgresError('POSTGRES_URL_INVALID', `database.url: expected a postgres:// or postgresql:// URL, found ${parsed.protocol}//…`);
  }
  const admin = databaseAdmin(url);
  const serverVersion = await admin.serverVersion();
  return {
    kind: 'url',
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    serverVersion,
    adminUrl: (database) => withDatabase(url, database),
    createDatabase: admin.createDatabase,
    dropDatabase: admin.dropDatabase,
    // The server is not ours: there is nothing to stop, and stopping twice is as harmless as once.
    stop: async () => {},
  };
}
