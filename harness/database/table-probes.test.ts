/**
 * The raw-connection probes against a real Postgres holding a table shaped unlike the reference
 * service: integer tenant ids, an identity-ALWAYS key, a tenant column named only on the resource.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config/load-config.ts';
import { ensureAppRole, urlAs } from '../environment/app-role.ts';
import { startPostgres, type StartedPostgres } from '../postgres/index.ts';
import { openAppSession, type AppSession } from './app-session.ts';
import { rowsOf, tenantNamedBy, write } from './table-probes.ts';
import { discoverTenantTables, type TenantTable } from './tenant-tables.ts';

const role = { name: 'tp_probe_test_app', password: 'tp_probe_test_pw', create: true };
const context = { tenantSetting: 'request.org' };
const config = resolveConfig(
  {
    name: 'probe-test',
    database: { migrations: { files: ['none.sql'] }, appRole: role, context },
    target: { url: 'http://127.0.0.1:1' },
    provisioning: { createTenant: { sql: 'select 1', params: () => [] }, createUser: { sql: 'select 1', params: () => [] } },
    resources: {
      docs: { scope: 'tenant', table: 'docs', tenantColumn: 'org_id', create: { request: () => ({ method: 'POST', path: '/' }), id: () => undefined } },
    },
  },
  'test',
);

let server: StartedPostgres;
let admin: pg.Pool;
let session: AppSession;
let table: TenantTable;
const database = `tp_probe_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  server = await startPostgres('embedded', { cluster: 'cached' });
  await server.createDatabase(database);
  await ensureAppRole(server.adminUrl(database), database, role);
  admin = new pg.Pool({ connectionString: server.adminUrl(database), max: 2 });
  await admin.query(`
    create table docs (id bigint generated always as identity primary key, org_id bigint not null, body text not null);
    alter table docs enable row level security; alter table docs force row level security;
    create policy docs_org on docs using (org_id = nullif(current_setting('request.org', true), '')::bigint);
    grant select, insert, update, delete on docs to ${role.name};
    insert into docs (org_id, body) values (1, 'one'), (2, 'two');`);
  session = await openAppSession(urlAs(server.adminUrl(database), role), context);
  table = (await discoverTenantTables(admin, config))[0]!;
}, 120_000);

afterAll(async () => {
  await session?.close();
  await admin?.end();
  await server?.dropDatabase(database);
  await server?.stop();
});

describe('raw-connection probes on an integer-keyed table', () => {
  test('a tenant column named only on the resource is discovered, the identity key recognised', () => {
    expect(table).toMatchObject({ table: 'docs', tenantColumn: 'org_id', primaryKey: ['id'] });
    expect(table.columns.find((c) => c.name === 'id')).toMatchObject({ identityAlways: true, generated: true });
  });

  test("an upsert aimed at another tenant's row meets that row (and is refused) instead of inserting a copy", async () => {
    const [theirs] = await rowsOf(admin, table, '2');
    const outcome = await session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, table, 'upsert', theirs!, '1'));
    expect(outcome).toMatchObject({ ok: false, code: '42501' });
  });

  test('the tenant a context value names is read with the column type', async () => {
    expect(await tenantNamedBy(admin, table, '02', ['1', '2'])).toBe('2');
    expect(await tenantNamedBy(admin, table, ' 1', ['1', '2'])).toBe('1');
    expect(await tenantNamedBy(admin, table, '{1}', ['1', '2'])).toBeUndefined();
    expect(await tenantNamedBy(admin, table, '', ['1', '2'])).toBeUndefined();
  });
});
