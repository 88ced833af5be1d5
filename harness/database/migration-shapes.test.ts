/**
 * MIG-2 on migration sets unlike the bundled fixtures': a tenant registry keyed by `id`, exempt
 * reference tables, and RLS switched on in a DO loop the parser cannot follow. The loop is judged
 * by the live catalogue on a real embedded server: a table it secured is no finding, one it
 * skipped still is.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { useShapeServer } from './test-support/schema-database.ts';
import { unsettledByCatalogue } from '../migrations/catalogue-settled.ts';
import { lintSources, type LintOptions } from '../migrations/lint-migrations.ts';
import { loadSqlParser } from '../migrations/parsed-migration.ts';

const lint = (sql: string, options: LintOptions = {}) => lintSources([{ file: 'm.sql', sql }], options).findings;
const rules = (sql: string, options?: LintOptions) => lint(sql, options).map((f) => `${f.table}: ${f.rule}`);

const REGISTRY = `
create table app.companies (id bigserial primary key, name text not null);
alter table app.companies enable row level security; alter table app.companies force row level security;
create policy companies_own on app.companies using (id = current_setting('app.tenant')::bigint);`;

const DO_LOOP = `
create table notes (id bigserial primary key, tenant_id bigint not null);
create table files (id bigserial primary key, tenant_id bigint not null);
create table tags (id bigserial primary key, tenant_id bigint not null);
do $$
declare t text;
begin
  foreach t in array array['notes', 'files'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy %I on %I using (tenant_id = current_setting(''app.tenant'')::bigint)', t || '_tenant', t);
  end loop;
end $$;`;

beforeAll(() => loadSqlParser());

describe('declared shapes', () => {
  test('the tenant registry is judged with its id as the tenant column, named qualified or bare', () => {
    expect(rules(REGISTRY)).toEqual(['app.companies: MIG-2/missing-tenant-column']);
    expect(rules(REGISTRY, { tenantColumns: { 'app.companies': 'id' } })).toEqual([]);
    expect(rules(REGISTRY, { tenantColumns: { companies: 'id' } })).toEqual([]);
    expect(rules(REGISTRY, { tenantColumns: { 'other.companies': 'id' } })).toEqual(['app.companies: MIG-2/missing-tenant-column']);
  });

  test('an exempt table is not judged; the tables beside it still are', () => {
    const sql = 'create table plans (id int primary key, price int); create table docs (id int);';
    expect(rules(sql, { exempt: ['plans'] }).filter((r) => r.startsWith('plans'))).toEqual([]);
    expect(rules(sql, { exempt: ['plans'] })).toContain('docs: MIG-2/missing-tenant-column');
  });

  test('without a DO block, a missing ENABLE is a plain finding', () => {
    const [finding] = lint(
      'create table notes (id int, tenant_id int); alter table notes force row level security; create policy p on notes using (tenant_id = 1);',
    );
    expect(finding).toMatchObject({ rule: 'MIG-2/rls-not-enabled', table: 'notes' });
    expect(finding!.unparsed).toBeUndefined();
  });

  test('with a DO block, what it might have done is a suspicion that names the block', () => {
    const findings = lint(DO_LOOP);
    expect(findings.map((f) => f.rule).sort()).toEqual(
      ['notes', 'files', 'tags'].flatMap(() => ['MIG-2/no-policy', 'MIG-2/rls-not-enabled', 'MIG-2/rls-not-forced']).sort(),
    );
    for (const f of findings) expect(f.unparsed).toBe('the DO block at m.sql:5');
    expect(findings[0]!.message).toContain('unless the DO block at m.sql:5 does: certify reads the live catalogue');
  });
});

describe('the live catalogue settles what the DO block did', () => {
  const schemaDatabase = useShapeServer();

  test('the tables the loop secured are no finding; the one it skipped keeps all three', async () => {
    const db = await schemaDatabase(DO_LOOP);
    try {
      const kept = await unsettledByCatalogue(db.admin, lint(DO_LOOP));
      expect(kept.map((f) => `${f.table}: ${f.rule}`).sort()).toEqual(['tags: MIG-2/no-policy', 'tags: MIG-2/rls-not-enabled', 'tags: MIG-2/rls-not-forced']);
      for (const f of kept) expect(f.message).toMatch(/never gets|has no CREATE POLICY/);
      for (const f of kept) expect(f.message).toContain('nor does the live catalogue show it');
      for (const f of kept) expect(f.message).not.toContain('unless');
    } finally {
      await db.drop();
    }
  });

  test('a table the catalogue does not know stays a finding', async () => {
    const db = await schemaDatabase('select 1');
    try {
      expect(await unsettledByCatalogue(db.admin, lint(DO_LOOP))).toHaveLength(9);
    } finally {
      await db.drop();
    }
  });
});
