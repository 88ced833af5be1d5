/**
 * Linter throughput for the bench: lints a synthetic migration set of `statements` statements
 * (tables with their tenant column, forced RLS, policies and grants, the shape of real migrations)
 * and returns how long it took. The issue asks for 1,000 statements in well under a second.
 */
import { loadSqlParser } from './parsed-migration.ts';
import { lintSources } from './lint-migrations.ts';

export interface LintBenchmark {
  statements: number;
  files: number;
  findings: number;
  milliseconds: number;
}

const TABLE = (n: number) => [
  `CREATE TABLE t${n} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, body text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now());`,
  `CREATE INDEX t${n}_tenant_idx ON t${n} (tenant_id, created_at);`,
  `ALTER TABLE t${n} ENABLE ROW LEVEL SECURITY;`,
  `ALTER TABLE t${n} FORCE ROW LEVEL SECURITY;`,
  `CREATE POLICY t${n}_select ON t${n} FOR SELECT USING (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid);`,
  `CREATE POLICY t${n}_insert ON t${n} FOR INSERT WITH CHECK (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid);`,
  `CREATE POLICY t${n}_update ON t${n} FOR UPDATE USING (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid);`,
  `CREATE POLICY t${n}_delete ON t${n} FOR DELETE USING (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid);`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON t${n} TO app_user;`,
  `UPDATE t${n} SET body = 'x' WHERE tenant_id IS NULL;`,
];

/** Lints `statements` generated statements (10 per file), parser loading excluded from the time. */
export async function lintBenchmark(statements = 1000): Promise<LintBenchmark> {
  await loadSqlParser();
  const files = Math.ceil(statements / 10);
  const sources = Array.from({ length: files }, (_, n) => ({ file: `${String(n).padStart(4, '0')}_t${n}.sql`, sql: TABLE(n).join('\n') }));
  const started = performance.now();
  const report = lintSources(sources);
  return { statements: report.statements, files, findings: report.findings.length, milliseconds: performance.now() - started };
}
