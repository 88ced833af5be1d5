/**
 * The migration linter (MIG-1, MIG-2, MIG-4): parses SQL files with the real Postgres parser and
 * returns findings as data, each with a stable rule id, file:line:column and the fix. Starts
 * nothing, so it runs as a pre-commit hook as well as inside a certification.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { forbiddenStatements } from './forbidden-statements.ts';
import { lintRule, type LintInvariant, type LintRuleId } from './lint-rules.ts';
import { migrationFiles } from './migration-files.ts';
import { loadSqlParser, parseMigration, type AllowComment, type ParsedMigration, type ParsedStatement } from './parsed-migration.ts';
import { compileConvention, type RollbackConvention } from './rollback-convention.ts';
import { tableGuardrails } from './table-guardrails.ts';

export type { RollbackConvention } from './rollback-convention.ts';

/** What the linter needs to know about the target; everything has a default. */
export interface LintOptions {
  /** Default `tenant_id`. */
  tenantColumn?: string;
  /** Tables whose tenant column has another name than `tenantColumn`. */
  tenantColumns?: Readonly<Record<string, string>>;
  /** Personal (user-scoped) tables and the column naming their user. */
  personalTables?: Readonly<Record<string, string>>;
  /** Tables declared to hold no tenant data: MIG-2 does not judge them. */
  exempt?: readonly string[];
  /** Without a convention MIG-4 is not checked: a lone file is not failed for lacking a rollback. */
  rollback?: RollbackConvention;
  /** Whether a file exists (MIG-4); the file system by default. */
  exists?: (file: string) => boolean;
}

/** One finding: data, never an exception. */
export interface LintFinding {
  rule: LintRuleId;
  invariant: LintInvariant;
  file: string;
  line: number;
  column: number;
  message: string;
  fix: string;
  /** The table a MIG-2 finding concerns. */
  table?: string;
  /** A statement the linter cannot follow (a DO block) that may have done it: the live catalogue decides. */
  unparsed?: string;
}

export interface LintReport {
  /** Forward migrations linted, in apply order. */
  files: string[];
  /** Rollback scripts found (parsed for syntax only: they are expected to drop things). */
  rollbacks: string[];
  statements: number;
  /** Invariants this report decides (MIG-4 only with a rollback convention). */
  checked: LintInvariant[];
  findings: LintFinding[];
}

/** Lints the SQL files under `paths` (files or directories, resolved against `baseDir`). */
export async function lintMigrations(paths: readonly string[], options: LintOptions = {}, baseDir?: string): Promise<LintReport> {
  await loadSqlParser();
  const files = migrationFiles(paths, baseDir);
  return lintSources(
    files.map((file) => ({ file, sql: readFileSync(file, 'utf8') })),
    options,
  );
}

/** Lints in-memory sources in apply order; {@link loadSqlParser} must have resolved. */
export function lintSources(sources: ReadonlyArray<{ file: string; sql: string }>, options: LintOptions = {}): LintReport {
  const convention = options.rollback ? compileConvention(options.rollback) : undefined;
  const rollbackSources = sources.filter((s) => convention?.isRollback(s.file));
  const forward = sources.filter((s) => !convention?.isRollback(s.file));
  const parsed = forward.map((s) => parseMigration(s.file, s.sql));
  const findings: LintFinding[] = [];
  const add = (
    rule: LintRuleId,
    file: string,
    at: { line: number; column: number },
    message: string,
    allows: readonly AllowComment[] = [],
    about: Pick<LintFinding, 'table' | 'unparsed'> = {},
  ) => {
    const r = lintRule(rule);
    if (allows.some((a) => a.rules.includes(r.invariant) || a.rules.includes(r.id))) return;
    const text = about.unparsed ? message + unparsedNote(about.unparsed) : message;
    findings.push({ rule, invariant: r.invariant, file, line: at.line, column: at.column, message: text, fix: r.fix, ...about });
  };

  for (const migration of [...parsed, ...rollbackSources.map((s) => parseMigration(s.file, s.sql))]) {
    if (migration.syntaxError) add('MIG-1/syntax-error', migration.file, migration.syntaxError, migration.syntaxError.message);
    for (const allow of migration.unexplained) {
      const invariant = (['MIG-2', 'MIG-4'] as const).find((i) => allow.rules.some((r) => r.startsWith(i))) ?? 'MIG-1';
      add(
        `${invariant}/allow-without-reason`,
        migration.file,
        allow,
        `tenantproof-allow ${allow.rules.join(' ') || '(no rule)'} names no reason; it excuses nothing`,
      );
    }
  }
  for (const migration of parsed) {
    for (const statement of migration.statements) {
      for (const hit of forbiddenStatements(statement)) add(hit.rule, migration.file, statement, hit.message, statement.allows);
    }
  }
  const conventions = {
    tenantColumn: options.tenantColumn ?? 'tenant_id',
    tenantColumns: options.tenantColumns ?? {},
    personalTables: options.personalTables ?? {},
    exempt: options.exempt ?? [],
  };
  for (const hit of tableGuardrails(parsed, conventions))
    add(hit.rule, hit.file, hit.statement, hit.message, hit.statement.allows, { table: hit.table, ...(hit.unparsed ? { unparsed: hit.unparsed } : {}) });
  if (convention) {
    const exists = options.exists ?? existsSync;
    for (const migration of parsed) {
      const expected = convention.rollbackOf(migration.file);
      if (expected && exists(expected)) continue;
      const message = expected
        ? `no rollback script ${path.relative(path.dirname(migration.file), expected)} next to it`
        : `the file name does not follow the forward template (${convention.describe}), so it has no findable rollback`;
      add('MIG-4/missing-rollback', migration.file, { line: 1, column: 1 }, message, fileAllows(migration));
    }
  }
  return {
    files: forward.map((s) => s.file),
    rollbacks: rollbackSources.map((s) => s.file),
    statements: parsed.reduce((n, m) => n + m.statements.length, 0),
    checked: convention ? ['MIG-1', 'MIG-2', 'MIG-4'] : ['MIG-1', 'MIG-2'],
    findings,
  };
}

/** Appended to a finding a DO block may answer, so the bare linter's reader knows certify decides it. */
export const unparsedNote = (unparsed: string) => ` (unless ${unparsed} does: certify reads the live catalogue)`;

/** MIG-4 concerns the whole file, so an explained allow comment anywhere in it counts. */
function fileAllows(migration: ParsedMigration): AllowComment[] {
  return migration.statements.flatMap((s: ParsedStatement) => s.allows);
}
