/** One query on a connection of its own, closed afterwards: what provider tests need to look inside a server. Used by the tests only. */
import pg from 'pg';

export async function queryOnce<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
