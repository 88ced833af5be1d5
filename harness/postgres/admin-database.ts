/**
 * CREATE/DROP DATABASE and the server version over short-lived superuser connections, shared by
 * every provider so they quote, time out and report errors the same way.
 */
import pg from 'pg';
import { PostgresError } from '../errors/index.ts';

/** A server that does not answer within this long is reported, not waited on forever. */
const CONNECT_TIMEOUT_MS = 10_000;

/** `url` with its password replaced by `[redacted]`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return u.toString();
    // Set via the URL API the brackets would be percent-encoded; messages should read plainly.
    return `${u.protocol}//${u.username}:[redacted]@${u.host}${u.pathname}${u.search}`;
  } catch {
    return '[unparseable url]';
  }
}

/** `url` with its database replaced (unchanged when `database` is not given). */
export function withDatabase(url: string, database: string | undefined): string {
  if (!database) return url;
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** A double-quoted identifier; rejects names Postgres cannot hold rather than letting it guess. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\0')) {
    throw new PostgresError('POSTGRES_BAD_NAME', `database name must be non-empty and free of NUL characters, found ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs one statement on a fresh connection, wrapping failures in a PostgresError that names the server. */
export async function adminQuery(url: string, sql: string, what: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client whose server goes away emits 'error'; unhandled, it would crash the run.
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.query(sql);
  } catch (cause) {
    throw new PostgresError('POSTGRES_ADMIN_FAILED', `${what} on ${redactUrl(url)} failed: ${(cause as Error).message}`, { cause });
  } finally {
    await client.end().catch(() => {});
  }
}

/** The database operations of a started handle, run through `maintenanceUrl`. */
export interface DatabaseAdmin {
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  serverVersion(): Promise<string>;
}

/** Binds the database operations of a started handle to its maintenance connection URL. */
export function databaseAdmin(maintenanceUrl: string): DatabaseAdmin {
  return {
    async createDatabase(name, template) {
      const sql = `create database ${quoteIdentifier(name)}${template === undefined ? '' : ` template ${quoteIdentifier(template)}`}`;
      await adminQuery(maintenanceUrl, sql, `creating database ${quoteIdentifier(name)}`);
    },
    async dropDatabase(name) {
      await adminQuery(maintenanceUrl, `drop database if exists ${quoteIdentifier(name)} with (force)`, `dropping database ${quoteIdentifier(name)}`);
    },
    async serverVersion() {
      const result = await adminQuery(maintenanceUrl, 'show server_version', 'reading the server version');
      return String((result.rows[0] as { server_version: unknown }).server_version);
    },
  };
}
