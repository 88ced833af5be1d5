/**
 * The roles a run's migrations create: found by comparing the server's roles before and after
 * them, and dropped when the run's database is gone. A role the harness made itself (the
 * application role with `create: true`) exists before the migrations and is kept, as before.
 */
import pg from 'pg';
import { dropRoles, serverRoles } from '../migrations/cluster-roles.ts';

export interface MigrationRoles {
  /** Call after the migrations: what exists now and did not before is theirs. */
  noteCreated(): Promise<void>;
  drop(log: (line: string) => void): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function trackMigrationRoles(maintenanceUrl: string, appRole: { name: string; create: boolean }): Promise<MigrationRoles> {
  const before = await withClient(maintenanceUrl, serverRoles);
  if (appRole.create) before.add(appRole.name);
  let created: string[] = [];
  return {
    async noteCreated() {
      const after = await withClient(maintenanceUrl, serverRoles);
      created = [...after].filter((r) => !before.has(r));
    },
    async drop(log) {
      if (!created.length) return;
      const failed = await withClient(maintenanceUrl, (client) => dropRoles(client, created));
      for (const f of failed) log(`cleanup: role ${f}`);
    },
  };
}
