/**
 * Database shapes unlike the bundled fixtures', each as a correct schema and a broken one on a real
 * embedded server: a tenant registry (keyed `id`, no tenant column), exempt reference tables, a
 * partitioned table, and FOR ALL / FOR UPDATE policies that leave WITH CHECK out. Discovery, the
 * raw probes and the catalog audit (DB-6) must report the broken one and stay quiet on the correct one.
 */
import { describe, expect, test } from 'vitest';
import type { ResolvedConfig } from '../config/schema.ts';
import { auditCatalog, type CatalogFinding } from './catalog-audit.ts';
import { attemptEscape } from './escape-attempts.ts';
import { rowsOf, visibleRows, write } from './table-probes.ts';
import { discoverTenantTables, undiscoveredDeclaredTables, type TenantTable } from './tenant-tables.ts';
import { shapeConfig, TENANT_SETTING, useShapeServer, type SchemaDatabase } from './test-support/schema-database.ts';

const tenantIs = (column = 'tenant_id') => `${column} = nullif(current_setting('${TENANT_SETTING}', true), '')::bigint`;
const secured = (table: string, column = 'tenant_id') => `
  alter table ${table} enable row level security; alter table ${table} force row level security;
  create policy ${table.replace('.', '_')}_tenant on ${table} using (${tenantIs(column)}) with check (${tenantIs(column)});`;

const schemaDatabase = useShapeServer();

/** Discovers and audits `sql` under `config`; the database is dropped afterwards. */
async function audited(sql: string, config: ResolvedConfig, also?: (db: SchemaDatabase, tables: TenantTable[]) => Promise<void>) {
  const db = await schemaDatabase(sql);
  try {
    const tables = await discoverTenantTables(db.admin, config);
    const findings = await auditCatalog(db.admin, tables, TENANT_SETTING);
    await also?.(db, tables);
    return { tables, findings, text: findings.map((f: CatalogFinding) => `${f.object}: ${f.problem}`) };
  } finally {
    await db.drop();
  }
}

describe('a tenant registry (keyed id, no tenant column)', () => {
  const schema = (rls: boolean) => `
    create schema app;
    create table app.companies (id bigserial primary key, name text not null);
    create table app.invoices (id bigserial primary key, tenant_id bigint not null references app.companies (id), title text);
    ${rls ? secured('app.companies', 'id') : ''} ${secured('app.invoices')}
    grant usage on schema app to :app; grant select, update on app.companies to :app; grant select on app.invoices to :app;
    insert into app.companies (name) values ('one'), ('two');
    insert into app.invoices (tenant_id, title) values (1, 'a'), (2, 'b');`;
  const config = shapeConfig({ tenantRegistry: { table: 'app.companies' } }, 'app.invoices');

  test('is discovered with its id as tenant column, its policy on id is clean, and a tenant sees only its own row', async () => {
    const { tables, findings } = await audited(schema(true), config, async (db, tables) => {
      const registry = tables.find((t) => t.registry)!;
      const seen = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) => visibleRows(run, registry));
      expect(seen.refs?.map((r) => r.tenant)).toEqual(['1']);
      // A move of one's own row onto another tenant's id is refused, as a rightful self-update is not.
      const [own] = await rowsOf(db.admin, registry, '1');
      const move = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, registry, 'move', own!, '2'));
      const update = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, registry, 'update', own!, '1'));
      expect([move.ok, update]).toMatchObject([false, { ok: true, rowCount: 1 }]);
    });
    expect(tables.map((t) => [t.name, t.tenantColumn, t.registry])).toEqual([
      ['app.companies', 'id', true],
      ['app.invoices', 'tenant_id', false],
    ]);
    expect(undiscoveredDeclaredTables(tables, config)).toEqual([]);
    expect(findings).toEqual([]);
  });

  test('without row-level security is reported, and the probes see every tenant in it', async () => {
    const { text } = await audited(schema(false), config, async (db, tables) => {
      const seen = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) =>
        visibleRows(
          run,
          tables.find((t) => t.registry)!,
        ),
      );
      expect(seen.refs?.map((r) => r.tenant).sort()).toEqual(['1', '2']);
    });
    expect(text).toEqual(['app.companies: row-level security is not enabled', 'app.companies: row-level security is not forced (the owner bypasses it)']);
  });

  test('declared under a name the catalog lacks is said to be missing, not passed', async () => {
    const { tables } = await audited(schema(true), shapeConfig({ tenantRegistry: { table: 'app.company' } }, 'app.invoices'));
    expect(undiscoveredDeclaredTables(tables, shapeConfig({ tenantRegistry: { table: 'app.company' } }, 'app.invoices'))).toEqual(['app.company']);
  });
});

describe('exempt tables', () => {
  const schema = (plansHaveTenant: boolean) => `
    create table plans (code text primary key, price numeric ${plansHaveTenant ? ', tenant_id bigint' : ''});
    create table notes (id bigserial primary key, tenant_id bigint not null, body text); ${secured('notes')}
    grant select on plans, notes to :app;`;
  const config = shapeConfig({ exempt: [{ table: 'plans', reason: 'price list shared by every tenant' }] });

  test('without the tenant column are no finding', async () => {
    const { tables, findings } = await audited(schema(false), config);
    expect(tables.map((t) => t.name)).toEqual(['public.notes']);
    expect(findings).toEqual([]);
  });

  test('carrying the tenant column are reported with their reason and audited as tenant tables', async () => {
    const { tables, text } = await audited(schema(true), config);
    expect(tables.find((t) => t.table === 'plans')?.exemptReason).toBe('price list shared by every tenant');
    expect(text).toEqual([
      'public.plans: declared exempt ("price list shared by every tenant") but carries the tenant column tenant_id, so it is audited as a tenant table',
      'public.plans: row-level security is not enabled',
      'public.plans: row-level security is not forced (the owner bypasses it)',
    ]);
  });
});

describe('a partitioned table', () => {
  /** Two partitions, so rows of both tenants sit at the same ctid in different partitions. */
  const schema = (bGranted: boolean) => `
    create table entries (id bigint generated always as identity, kind text not null, tenant_id bigint not null, note text,
                          primary key (id, kind)) partition by list (kind);
    create table entries_a partition of entries for values in ('a');
    create table entries_b partition of entries for values in ('b');
    ${secured('entries')}
    alter table entries_a enable row level security; alter table entries_a force row level security;
    grant select, insert, update, delete on entries to :app; ${bGranted ? 'grant select on entries_b to :app;' : ''}
    insert into entries (kind, tenant_id, note) values ('a', 1, 'one a'), ('b', 2, 'two b');`;
  const config = shapeConfig();

  test('with RLS on the parent and partitions the role cannot name is clean; probes and COPY reach it through the parent', async () => {
    const { tables, findings } = await audited(schema(false), config, async (db, tables) => {
      const parent = tables.find((t) => t.table === 'entries')!;
      const [own] = await rowsOf(db.admin, parent, '1');
      const [theirs] = await rowsOf(db.admin, parent, '2');
      // Same ctid, other partition: a probe addressing by ctid alone would hit its own row instead.
      expect(own!.at.split(':')[1]).toBe(theirs!.at.split(':')[1]);
      const ctx = { kind: 'value', tenant: '1' } as const;
      const touch = await db.session.inContext(ctx, (run) => write(run, parent, 'delete', theirs!, '1'));
      const merge = await db.session.inContext(ctx, (run) => write(run, parent, 'merge', theirs!, '1'));
      const control = await db.session.inContext(ctx, (run) => write(run, parent, 'delete', own!, '1'));
      expect([touch, merge, control]).toMatchObject([{ rowCount: 0 }, { rowCount: 0 }, { ok: true, rowCount: 1 }]);
      const copied = await db.session.inContext(ctx, (run) => attemptEscape(run, parent, 'copy-table', '1', 'tp_shape_app', 1));
      expect(copied).toMatchObject({ statement: expect.stringMatching(/^COPY \(select /), outcome: { ok: true, rowCount: 1 }, escaped: false });
    });
    expect(tables.map((t) => [t.table, t.partitioned, t.partition])).toEqual([
      ['entries', true, false],
      ['entries_a', false, true],
      ['entries_b', false, true],
    ]);
    expect(findings).toEqual([]);
  });

  test('a partition without RLS that the role can read is reported, and a probe naming it sees every tenant', async () => {
    const { text } = await audited(schema(true), config, async (db, tables) => {
      const partition = tables.find((t) => t.table === 'entries_b')!;
      const seen = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) => visibleRows(run, partition));
      expect(seen.refs?.map((r) => r.tenant)).toEqual(['2']);
    });
    expect(text).toEqual(['public.entries_b: row-level security is not enabled', 'public.entries_b: row-level security is not forced (the owner bypasses it)']);
  });
});

describe('a partitioned table whose text key the service mints', () => {
  const schema = `
    create table items (id text not null check (id ~ '^itm_[0-9a-z]{20}$'), kind text not null, tenant_id bigint not null,
                        primary key (id, kind)) partition by list (kind);
    create table items_a partition of items for values in ('a');
    ${secured('items')} grant select, insert on items, items_a to :app;
    insert into items values ('itm_0a1b2c3d4e5f6g7h8i9j', 'a', 1);`;
  const key = `'itm_' || substr(md5(random()::text), 1, 20)`;

  test('its partitions mint the key as the entry of the table they are partitions of says', async () => {
    const { tables } = await audited(schema, shapeConfig({ newKeys: { items: key } }, 'items'), async (db, tables) => {
      const partition = tables.find((t) => t.table === 'items_a')!;
      const [own] = await rowsOf(db.admin, partition, '1');
      const copy = await db.session.inContext({ kind: 'value', tenant: '1' }, (run) => write(run, partition, 'insert', own!, '1'));
      expect(copy).toMatchObject({ ok: true, rowCount: 1 });
    });
    expect(tables.map((t) => [t.table, t.newKey])).toEqual([
      ['items', key],
      ['items_a', key],
    ]);
  });
});

describe('policies that leave WITH CHECK out', () => {
  const schema = (policy: string, grant: string) => `
    create table docs (id bigserial primary key, tenant_id bigint not null, body text);
    alter table docs enable row level security; alter table docs force row level security;
    ${policy.replaceAll('$T', tenantIs())}
    grant ${grant} on docs to :app; insert into docs (tenant_id, body) values (1, 'one'), (2, 'two');`;
  const config = shapeConfig();

  test('FOR ALL USING (tenant) without WITH CHECK is clean: Postgres checks new rows against USING', async () => {
    const { findings } = await audited(schema('create policy docs_all on docs for all using ($T);', 'select, insert, update'), config, async (db, [docs]) => {
      const [own] = await rowsOf(db.admin, docs!, '1');
      const ctx = { kind: 'value', tenant: '1' } as const;
      const moved = await db.session.inContext(ctx, (run) => write(run, docs!, 'move', own!, '2'));
      const planted = await db.session.inContext(ctx, (run) => write(run, docs!, 'insert', own!, '2'));
      expect([moved, planted]).toMatchObject([
        { ok: false, code: '42501' },
        { ok: false, code: '42501' },
      ]);
    });
    expect(findings).toEqual([]);
  });

  test('FOR UPDATE USING (tenant) without WITH CHECK is clean too', async () => {
    const policies = 'create policy docs_read on docs for select using ($T); create policy docs_update on docs for update using ($T);';
    expect((await audited(schema(policies, 'select, update'), config)).findings).toEqual([]);
  });

  test('WITH CHECK (true) is a finding', async () => {
    const { text } = await audited(schema('create policy docs_all on docs for all using ($T) with check (true);', 'select, insert, update'), config);
    expect(text).toEqual(['public.docs.docs_all: WITH CHECK (true) does not constrain tenant_id']);
  });

  test('no WITH CHECK over USING (true) is a finding where the role can write, as is an INSERT policy without one', async () => {
    const { text } = await audited(
      schema('create policy docs_all on docs for all using (true); create policy docs_add on docs for insert;', 'select, insert'),
      config,
    );
    expect(text).toEqual([
      'public.docs.docs_add: INSERT policy has no WITH CHECK, so it admits any new row',
      'public.docs.docs_all: USING (true) does not constrain tenant_id',
      'public.docs.docs_all: no WITH CHECK, so new rows are checked against USING (true), which does not constrain tenant_id',
    ]);
  });

  test('on a table the role cannot write, a missing WITH CHECK is no finding (a weak USING still is)', async () => {
    const { text } = await audited(schema('create policy docs_all on docs for all using (true); create policy docs_add on docs for insert;', 'select'), config);
    expect(text).toEqual(['public.docs.docs_all: USING (true) does not constrain tenant_id']);
  });
});
