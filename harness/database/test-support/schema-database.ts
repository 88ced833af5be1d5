/**
 * A throwaway database on a real embedded server holding one small schema, with an application
 * role and a contract to judge it by: what the database-shape tests of discovery, the probes, the
 * catalog audit and the migration guardrails share. One server per test file; one database per schema.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { resolveConfig } from '../../config/load-config.ts';
import type { ResolvedConfig } from '../../config/schema.ts';
import { ensureAppRole, urlAs } from '../../environment/app-role.ts';
import { startPostgres, type StartedPostgres } from '../../postgres/index.ts';
import { openAppSession, type AppSession } from '../app-session.ts';

/** initdb alone can take several seconds on a loaded 2-core machine. */
const START_TIMEOUT_MS = 180_000;
export const APP_ROLE = { name: 'tp_shape_app', password: 'tp_shape_pw', create: true };
export const TENANT_SETTING = 'app.tenant';

/** A contract for the schema: the `database` keys given, one resource on `resourceTable`, everything else inert. */
export function shapeConfig(database: Record<string, unknown> = {}, resourceTable = 'docs'): ResolvedConfig {
  const resources = { items: { scope: 'tenant', table: resourceTable, create: { request: () => ({ method: 'POST', path: '/' }), id: () => undefined } } };
  return resolveConfig(
    {
      name: 'shape-test',
      database: { migrations: { files: ['none.sql'] }, appRole: APP_ROLE, context: { tenantSetting: TENANT_SETTING }, ...database },
      target: { url: 'http://127.0.0.1:1' },
      provisioning: { createTenant: { sql: 'select 1', params: () => [] }, createUser: { sql: 'select 1', params: () => [] } },
      resources,
    },
    'test',
  );
}

export interface SchemaDatabase {
  admin: pg.Pool;
  url: string;
  session: AppSession;
  drop(): Promise<void>;
}

/**
 * Starts the cached embedded cluster before the file's tests and stops it after them; returns the
 * function that makes a database holding a schema on it.
 */
export function useShapeServer(): (sql: string) => Promise<SchemaDatabase> {
  let server: StartedPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres('embedded', { cluster: 'cached' });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  });
  return (sql) => schemaDatabase(server!, sql);
}

/** A new database holding `sql` (run as the admin, `:app` replaced by the application role). */
async function schemaDatabase(server: StartedPostgres, sql: string): Promise<SchemaDatabase> {
  const name = `tp_shape_${randomBytes(4).toString('hex')}`;
  await server.createDatabase(name);
  const url = server.adminUrl(name);
  await ensureAppRole(url, name, APP_ROLE);
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  // DROP DATABASE ... WITH (FORCE) ends the test's connections: expected, not a test failure.
  admin.on('error', () => {});
  await admin.query(sql.replaceAll(':app', APP_ROLE.name));
  const session = await openAppSession(urlAs(url, APP_ROLE), { tenantSetting: TENANT_SETTING });
  return {
    admin,
    url,
    session,
    async drop() {
      await session.close();
      await admin.end();
      await server.dropDatabase(name);
    },
  };
}
