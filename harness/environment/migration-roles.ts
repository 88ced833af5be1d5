/**
 * The roles a run's migrations create: found by comparing the server's roles before and after
 * them, and dropped when the run's database is gone. A role the harness made itself (the
 * application role with `create: true`) exists before the migrations and is kept, as before.
 * On a cluster kept between runs the names are also written down beside its data, so a run
 * killed before its cleanup (SIGKILL) does not leave roles the next run's migrations cannot
 * create again: that run drops them, with the databases the killed run left, before migrating.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/** Drops what a killed run left on a kept cluster, which this run now holds alone. */
async function reclaim(client: pg.Client, ledger: string, databasePrefix: string, log: (line: string) => void): Promise<void> {
  const roles = JSON.parse(readFileSync(ledger, 'utf8')) as string[];
  const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [databasePrefix]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  const failed = await dropRoles(client, roles);
  log(
    `postgres: dropped ${rows.length} database(s) and the roles ${roles.join(', ')} left by a run that did not clean up${failed.length ? ` (failed: ${failed.join('; ')})` : ''}`,
  );
  rmSync(ledger, { force: true });
}

export async function trackMigrationRoles(o: {
  maintenanceUrl: string;
  appRole: { name: string; create: boolean };
  /** A kept cluster's data directory; the ledger of created roles lives beside it. */
  keptDataDir?: string;
  /** The prefix of the databases runs create. */
  databasePrefix: string;
  log: (line: string) => void;
}): Promise<MigrationRoles> {
  const ledger = o.keptDataDir ? path.join(path.dirname(o.keptDataDir), `${path.basename(o.keptDataDir)}.migration-roles.json`) : undefined;
  const before = await withClient(o.maintenanceUrl, async (client) => {
    if (ledger && existsSync(ledger)) await reclaim(client, ledger, o.databasePrefix, o.log);
    return serverRoles(client);
  });
  if (o.appRole.create) before.add(o.appRole.name);
  let created: string[] = [];
  return {
    async noteCreated() {
      const after = await withClient(o.maintenanceUrl, serverRoles);
      created = [...after].filter((r) => !before.has(r));
      if (ledger && created.length) writeFileSync(ledger, JSON.stringify(created));
    },
    async drop(log) {
      if (!created.length) return;
      const failed = await withClient(o.maintenanceUrl, (client) => dropRoles(client, created));
      for (const f of failed) log(`cleanup: role ${f}`);
      if (ledger && !failed.length) rmSync(ledger, { force: true });
    },
  };
}
