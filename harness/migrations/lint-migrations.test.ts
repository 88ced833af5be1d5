import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { lintBenchmark } from './lint-benchmark.ts';
import { lintMigrations, lintSources, type LintOptions } from './lint-migrations.ts';
import { LINT_RULES } from './lint-rules.ts';
import { lintSarif } from './lint-sarif.ts';
import { loadSqlParser } from './parsed-migration.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BAD = path.join(ROOT, 'fixtures/bad-migrations');
const PERSONAL: LintOptions = { personalTables: { profiles: 'user_id' } };

const rulesOf = (sql: string, options: LintOptions = PERSONAL) => lintSources([{ file: 'm.sql', sql }], options).findings.map((f) => f.rule);

beforeAll(() => loadSqlParser());

describe('the bad-migrations corpus', () => {
  const files = readdirSync(BAD).filter((f) => f.endsWith('.sql'));

  test.each(files)('%s is flagged with exactly the rules it expects', (file) => {
    const sql = readFileSync(path.join(BAD, file), 'utf8');
    const expected = /^-- expect: (.*)$/m.exec(sql)![1]!.split(/\s+/).sort();
    expect(rulesOf(sql).sort()).toEqual(expected);
  });

  test('covers every MIG-1 rule', () => {
    const expected = new Set(files.flatMap((f) => /^-- expect: (.*)$/m.exec(readFileSync(path.join(BAD, f), 'utf8'))![1]!.split(/\s+/)));
    const mig1 = LINT_RULES.filter((r) => r.invariant === 'MIG-1').map((r) => r.id);
    expect(mig1.filter((id) => !expected.has(id))).toEqual([]);
  });
});

test('the reference service migrations lint clean with its contract conventions', async () => {
  const report = await lintMigrations([path.join(ROOT, 'fixtures/reference-service/migrations')], PERSONAL);
  expect(report.files).toHaveLength(4);
  expect(report.statements).toBeGreaterThan(20);
  expect(report.findings).toEqual([]);
});

test('locations are the statement start, after comments, counted in characters', () => {
  const sql = "-- déjà vu: a comment with multi-byte characters\n\n/* block\n comment */ SELECT 'é'; DROP TABLE a;\nTRUNCATE b;";
  const findings = lintSources([{ file: 'm.sql', sql }]).findings;
  expect(findings.map((f) => [f.rule, f.line, f.column])).toEqual([
    ['MIG-1/drop-table', 4, 25],
    ['MIG-1/truncate', 5, 1],
  ]);
});

test('statements inside a dollar-quoted function body are not top-level statements', () => {
  expect(rulesOf('CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM notes $$;')).toEqual([]);
  expect(rulesOf("DELETE FROM notes WHERE tenant_id = '00000000-0000-0000-0000-000000000000';")).toEqual([]);
});

test('an allow comment with a reason excuses the statement it precedes or ends on, and only the rules it names', () => {
  expect(rulesOf('-- tenantproof-allow MIG-1: the table was never used\nDROP TABLE legacy;\nDROP TABLE other;')).toEqual(['MIG-1/drop-table']);
  expect(rulesOf('DROP TABLE legacy; -- tenantproof-allow MIG-1/drop-table: never used\nTRUNCATE other;')).toEqual(['MIG-1/truncate']);
  expect(rulesOf('-- tenantproof-allow MIG-1/truncate: wrong rule named\nDROP TABLE legacy;')).toEqual(['MIG-1/drop-table']);
  expect(rulesOf('-- tenantproof-allow MIG-2:\nCREATE TABLE lookup (code text);')).toContain('MIG-2/allow-without-reason');
});

test('MIG-2 is judged over the whole set: a table secured in a later file passes', () => {
  const sources = [
    { file: '001.sql', sql: 'CREATE TABLE t (id int, tenant_id uuid);' },
    {
      file: '002.sql',
      sql: "ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE public.t FORCE ROW LEVEL SECURITY;\nCREATE POLICY p ON t USING (tenant_id = current_setting('app.t')::uuid);",
    },
  ];
  expect(lintSources(sources).findings).toEqual([]);
  expect(lintSources(sources, { tenantColumn: 'org_id' }).findings.map((f) => [f.rule, f.file, f.line])).toEqual([
    ['MIG-2/missing-tenant-column', '001.sql', 1],
  ]);
});

test("MIG-2 asks a table for its resource's own tenant column when the contract names one", () => {
  const sql = `CREATE TABLE docs (id bigint, org_id bigint);
    ALTER TABLE docs ENABLE ROW LEVEL SECURITY; ALTER TABLE docs FORCE ROW LEVEL SECURITY;
    CREATE POLICY p ON docs USING (org_id = current_setting('request.org')::bigint);`;
  expect(rulesOf(sql, {})).toEqual(['MIG-2/missing-tenant-column']);
  expect(rulesOf(sql, { tenantColumns: { docs: 'org_id' } })).toEqual([]);
});

test("MIG-2 gives a partition its parent's columns, and still asks it for its own row-level security", () => {
  const secured = (t: string) =>
    `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${t} FORCE ROW LEVEL SECURITY; CREATE POLICY p ON ${t} USING (tenant_id = current_setting('app.t')::bigint);`;
  const parent = `CREATE TABLE e (id bigint, tenant_id bigint, kind text) PARTITION BY LIST (kind); ${secured('e')}`;
  expect(rulesOf(`${parent} CREATE TABLE e_a PARTITION OF e FOR VALUES IN ('a'); ${secured('e_a')}`, {})).toEqual([]);
  expect(rulesOf(`${parent} CREATE TABLE e_a PARTITION OF e FOR VALUES IN ('a');`, {})).not.toEqual([]);
  expect(rulesOf(`CREATE TABLE e (id bigint, kind text) PARTITION BY LIST (kind); CREATE TABLE e_a PARTITION OF e DEFAULT; ${secured('e_a')}`, {})).toContain(
    'MIG-2/missing-tenant-column',
  );
});

describe('MIG-4 rollback scripts', () => {
  const sources = [
    { file: '/m/001_a.up.sql', sql: 'CREATE INDEX i ON t (x);' },
    { file: '/m/001_a.down.sql', sql: 'DROP INDEX i; DROP TABLE x;' },
    { file: '/m/002_b.up.sql', sql: 'CREATE INDEX j ON t (y);' },
  ];
  const present = new Set(sources.map((s) => s.file));
  const rollback = { forward: '{name}.up.sql', rollback: '{name}.down.sql' };

  test('a forward file without its rollback is flagged; rollback files are not linted as forward', () => {
    const report = lintSources(sources, { rollback, exists: (f) => present.has(f) });
    expect(report.checked).toContain('MIG-4');
    expect(report.rollbacks).toEqual(['/m/001_a.down.sql']);
    expect(report.findings.map((f) => [f.rule, f.file])).toEqual([['MIG-4/missing-rollback', '/m/002_b.up.sql']]);
  });

  test('without a convention a lone file is not failed for lacking a rollback', () => {
    const report = lintSources([sources[2]!]);
    expect(report.checked).not.toContain('MIG-4');
    expect(report.findings).toEqual([]);
  });

  test('a rollback in another directory is found by its template', () => {
    const report = lintSources([{ file: '/m/003_c.sql', sql: 'SELECT 1;' }], {
      rollback: { rollback: 'rollback/{name}.sql' },
      exists: (f) => f === '/m/rollback/003_c.sql',
    });
    expect(report.findings).toEqual([]);
  });
});

test('SARIF 2.1.0 names every rule and points each result at its file and line', () => {
  const report = lintSources([{ file: path.join(ROOT, 'db/001.sql'), sql: 'SELECT 1;\nTRUNCATE notes;' }]);
  const sarif = lintSarif(report, ROOT) as any;
  expect(sarif.version).toBe('2.1.0');
  const run = sarif.runs[0];
  expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
  expect(run.results).toHaveLength(1);
  expect(run.results[0].ruleId).toBe('MIG-1/truncate');
  expect(run.tool.driver.rules[run.results[0].ruleIndex].id).toBe('MIG-1/truncate');
  expect(run.results[0].locations[0].physicalLocation).toEqual({
    artifactLocation: { uri: 'db/001.sql', uriBaseId: 'SRCROOT' },
    region: { startLine: 2, startColumn: 1 },
  });
});

test('the bench lints the number of statements it was asked for, cleanly', async () => {
  const result = await lintBenchmark(1000);
  expect(result.statements).toBe(1000);
  expect(result.findings).toBe(0);
});
