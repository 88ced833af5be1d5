import pg from 'pg';

/** Runs one statement on a short-lived superuser connection. */
export async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** CREATE/DROP DATABASE and the server version, shared by every provider. */
export const databaseAdmin = (maintenanceUrl: string) => ({
  async createDatabase(name: string, template?: string): Promise<void> {
    await adminQuery(maintenanceUrl, `create database ${quote(name)}${template ? ` template ${quote(template)}` : ''}`);
  },
  async dropDatabase(name: string): Promise<void> {
    await adminQuery(maintenanceUrl, `drop database if exists ${quote(name)} with (force)`);
  },
  async serverVersion(): Promise<string> {
    return String((await adminQuery(maintenanceUrl, 'show server_version')).rows[0].server_version);
  },
});

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string | undefined): string {
  if (!database) return url;
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
