/**
 * The raw-connection probes against a real Postgres holding tables shaped unlike the reference
 * service: integer tenant ids, an identity-ALWAYS key, a tenant column named only on the resource,
 * and keys the service mints itself (a checked text format, a composite key holding the tenant).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config/load-config.ts';
import { ensureAppRole, urlAs } from '../environment/app-role.ts';
import { startPostgres, type StartedPostgres } from '../postgres/index.ts';
import { openAppSession, type AppSession } from './app-session.ts';
import { keyRefusal } from './fresh-keys.ts';
import { landedOutside, rowsOf, tenantNamedBy, upsertTenant, write, type WriteKind } from './table-probes.ts';
import { discoverTenantTables, type TenantTable } from './tenant-tables.ts';

const role = { name: 'tp_probe_test_app', password: 'tp_probe_test_pw', create: true };
const context = { tenantSetting: 'request.org' };
const SLOT_KEY = `(1 + floor(random() * 999999998))::int::text`;
const configWith = (newKeys?: Record<string, string>) =>
  resolveConfig(
    {
      name: 'probe-test',
      database: { migrations: { files: ['none.sql'] }, appRole: role, context, newKeys },
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
/** The discovered tables by name; `slots` as discovered with its key declared. */
const byName: Record<string, TenantTable> = {};
let declaredSlots: TenantTable;
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
    insert into docs (org_id, body) values (1, 'one'), (2, 'two');
    create table items (id text primary key check (id ~ '^itm_[0-9a-z]{20}$'), org_id bigint not null, body text not null);
    insert into items values ('itm_0a1b2c3d4e5f6g7h8i9j', 1, 'one'), ('itm_k0l1m2n3o4p5q6r7s8t9', 2, 'two');
    create table notes (org_id bigint, id text, body text not null, primary key (org_id, id));
    insert into notes values (1, 'note-1', 'one'), (2, 'note-1', 'two');
    create table slots (n text primary key check (n::int between 1 and 999999999), org_id bigint not null);
    insert into slots values ('1', 1), ('2', 2);
    do $$ declare t text; begin foreach t in array array['items', 'notes', 'slots'] loop
      execute format('alter table %1$I enable row level security; alter table %1$I force row level security', t);
      execute format($p$create policy %1$s_org on %1$I using (org_id = nullif(current_setting('request.org', true), '')::bigint)$p$, t);
      execute format('grant select, insert, update, delete on %I to ${role.name}', t);
    end loop; end $$;
    create function org() returns bigint language sql stable as $f$ select nullif(current_setting('request.org', true), '')::bigint $f$;
    do $$ declare t text; begin foreach t in array array['invoices', 'open_invoices'] loop
      execute format($p$create table %1$I (org_id bigint not null default org(), id text not null check (id ~ '^inv_[0-9a-f]{16}$'), total int,
                       primary key (org_id, id)) partition by hash (org_id)$p$, t);
      execute format('create table %1$I_0 partition of %1$I for values with (modulus 2, remainder 0)', t);
      execute format('create table %1$I_1 partition of %1$I for values with (modulus 2, remainder 1)', t);
      execute format('alter table %1$I enable row level security; alter table %1$I force row level security', t);
      execute format('grant select, insert, update, delete on %I to ${role.name}', t);
      execute format('insert into %I values (1, $v$inv_00000000000000a1$v$, 1), (2, $v$inv_00000000000000b2$v$, 2)', t);
    end loop; end $$;
    create policy invoices_org on invoices using (org_id = org()) with check (org_id = org());
    create policy open_invoices_any on open_invoices using (true) with check (true);
    create table stamped (org_id bigint not null, id text primary key, body text);
    create function stamp() returns trigger language plpgsql as $f$ begin new.org_id := coalesce(org(), new.org_id); return new; end $f$;
    create trigger stamped_org before insert on stamped for each row execute function stamp();
    alter table stamped enable row level security; alter table stamped force row level security;
    create policy stamped_org on stamped using (org_id = org()) with check (org_id = org());
    grant select, insert, update on stamped to ${role.name}; insert into stamped values (2, 'st-00000002', 'two');`);
  session = await openAppSession(urlAs(server.adminUrl(database), role), context);
  const tables = await discoverTenantTables(admin, configWith());
  for (const t of tables) byName[t.table] = t;
  table = byName.docs!;
  declaredSlots = (await discoverTenantTables(admin, configWith({ 'public.slots': SLOT_KEY }))).find((t) => t.table === 'slots')!;
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

/** The rightful insert (the positive control) of a copy of tenant 1's own row, or an attack into `tenant`. */
const insertOwnCopy = async (t: TenantTable, tenant = '1') => {
  const [mine] = await rowsOf(admin, t, '1');
  return session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, t, 'insert', mine!, tenant));
};

describe('copies of rows whose key the service mints', () => {
  test('a text key with a format CHECK and no default: the copy gets a key of the same shape, and the own-tenant insert succeeds', async () => {
    expect(await insertOwnCopy(byName.items!)).toMatchObject({ ok: true, rowCount: 1 });
    expect(await insertOwnCopy(byName.items!, '2')).toMatchObject({ ok: false, code: '42501' });
  });

  test('a composite key holding the tenant column: the copy keeps its tenant and gets a new id', async () => {
    expect(await insertOwnCopy(byName.notes!)).toMatchObject({ ok: true, rowCount: 1 });
  });

  test('a key with too few characters to shape is refused, and the refusal names the table, its key column and the contract key', async () => {
    const outcome = await insertOwnCopy(byName.slots!);
    expect(outcome).toMatchObject({ ok: false, code: '22P02' });
    expect(keyRefusal(byName.slots!, 'insert', outcome)).toContain(
      'key column n, minted in the shape of the copied key: declare database.newKeys["public.slots"]',
    );
    expect(keyRefusal(byName.slots!, 'update-all', outcome)).toBe('');
  });

  test('a key declared in database.newKeys is minted by its SQL expression', async () => {
    expect(declaredSlots.newKey).toBe(SLOT_KEY);
    expect(await insertOwnCopy(declaredSlots)).toMatchObject({ ok: true, rowCount: 1 });
  });
});

describe('a hash-partitioned table keyed (tenant, id) whose tenant column defaults to the context', () => {
  /** DB-3's insert and upsert as tenant 1 aimed at tenant 2's row; a successful write is what it reports. */
  const attack = async (t: TenantTable, kind: WriteKind) => {
    const [theirs] = await rowsOf(admin, t, '2');
    const tenant = kind === 'upsert' ? upsertTenant(t, '1', '2') : '2';
    return session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, t, kind, theirs!, tenant));
  };

  test('with correct policies the attacks really write tenant 2 and are refused, while its own copy succeeds', async () => {
    expect(await insertOwnCopy(byName.invoices!)).toMatchObject({ ok: true, rowCount: 1 });
    expect(await attack(byName.invoices!, 'insert')).toMatchObject({ ok: false, code: '42501' });
    expect(await attack(byName.invoices!, 'upsert')).toMatchObject({ ok: false, code: '42501' });
  });

  test('with USING (true) WITH CHECK (true) both attacks get through', async () => {
    expect(await attack(byName.open_invoices!, 'insert')).toMatchObject({ ok: true, rowCount: 1 });
    expect(await attack(byName.open_invoices!, 'upsert')).toMatchObject({ ok: true, rowCount: 1 });
  });
});

describe('writes judged by where their rows land', () => {
  test("a trigger stamping the context's tenant lands the copy in the actor's own tenant: no finding, though a row was written", async () => {
    const t = byName.stamped!;
    const [theirs] = await rowsOf(admin, t, '2');
    const landed = await session.inContext({ kind: 'value', tenant: '1' }, (run) => landedOutside(run, t, 'insert', theirs!, '2', '1'));
    expect(landed).toMatchObject({ outcome: { ok: true, rowCount: 1 }, outside: 0 });
  });

  test('a copy planted in another tenant, and the foreign row an upsert meets, are counted', async () => {
    const [open] = await rowsOf(admin, byName.open_invoices!, '2');
    const shown = await session.inContext({ kind: 'value', tenant: '1' }, (run) => landedOutside(run, byName.open_invoices!, 'insert', open!, '2', '1'));
    expect(shown).toMatchObject({ outcome: { ok: true, rowCount: 1 }, outside: 1 });
    const met = await session.inContext({ kind: 'value', tenant: '1' }, (run) => landedOutside(run, byName.open_invoices!, 'upsert', open!, '2', '1'));
    expect(met).toMatchObject({ outcome: { ok: true, rowCount: 1 }, outside: 1 });
  });
});
