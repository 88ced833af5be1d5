/**
 * MIG family: migration guardrails on the SQL files the contract declares (`migrationsLint`).
 * MIG-1/2/4 lint them with the real Postgres parser; MIG-3 applies the baseline and the candidate
 * to two throwaway databases on the run's server and diffs their policies. Each check first proves
 * it can fail on a known-bad input under this contract's conventions.
 */
import { defineInvariant, type InvariantSpec } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import path from 'node:path';
import type { SuiteContext } from '../harness/suite/suite-context.ts';
import { perContext } from '../harness/invariants/per-context.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { unsettledByCatalogue } from '../harness/migrations/catalogue-settled.ts';
import { compareSchemas } from '../harness/migrations/compare-schemas.ts';
import { contractLint, type ContractLint } from '../harness/migrations/contract-lint.ts';
import { lintMigrations, lintSources, type LintFinding, type LintReport } from '../harness/migrations/lint-migrations.ts';
import type { LintInvariant, LintRuleId } from '../harness/migrations/lint-rules.ts';
import { migrationVerdict } from '../harness/migrations/lint-verdict.ts';

/** The declared migrations, linted once for the module's checks (`requires` makes the section present). */
const linted = perContext(async (ctx): Promise<{ declared: ContractLint; report: LintReport }> => {
  const declared = contractLint(ctx.config, ctx.handle.configPath)!;
  return { declared, report: await lintMigrations(declared.paths, declared.options) };
});

const replayOf = (ctx: SuiteContext) => ({ seed: ctx.handle.seed, base: ctx.handle.replayBase });
const show = (f: LintFinding) => `${path.relative(process.cwd(), f.file)}:${f.line}:${f.column} ${f.rule} ${f.message}`;

/** Lints one control source under the contract's conventions and says whether `rule` fired. */
function controlFires(declared: ContractLint, sql: string, rule: LintRuleId, file = 'tenantproof-control.sql', exists?: () => boolean): boolean {
  return lintSources([{ file, sql }], { ...declared.options, ...(exists ? { exists } : {}) }).findings.some((f) => f.rule === rule);
}

function lintCheck(ctx: SuiteContext, report: LintReport, id: LintInvariant, control: { description: string; detected: boolean }, startedAt: number) {
  const findings = report.findings.filter((f) => f.invariant === id);
  ctx.evidence.write({
    invariant: id,
    kind: 'sql',
    label: 'lint',
    request: { files: report.files.map((f) => path.relative(process.cwd(), f)), statements: report.statements },
    response: { findings },
  });
  const cases = id === 'MIG-4' ? report.files.length : report.statements;
  return migrationVerdict({ id, cases, findings: findings.map((f) => ({ text: show(f), data: f })), control, startedAt, replay: replayOf(ctx) });
}

/**
 * MIG-1 and MIG-2: the declared set linted, after the rule is shown to fire on a known-bad control
 * statement; `settle` drops what the live catalogue shows the linter could not see.
 */
function lintInvariant(
  spec: Pick<InvariantSpec, 'id' | 'title' | 'description' | 'severity' | 'cwe'> & { id: 'MIG-1' | 'MIG-2' },
  control: { sql: string; rule: LintRuleId; description: string },
  settle: (ctx: SuiteContext, findings: LintFinding[]) => Promise<LintFinding[]> = async (_, findings) => findings,
) {
  return defineInvariant({
    ...spec,
    owasp: OWASP.MISCONFIG,
    requires: ['database', 'migrations'],
    async run(ctx) {
      const startedAt = performance.now();
      const { declared, report } = await linted(ctx);
      const detected = controlFires(declared, control.sql, control.rule);
      const findings = await settle(ctx, report.findings);
      return lintCheck(ctx, { ...report, findings }, spec.id, { description: control.description, detected }, startedAt);
    },
  });
}

export const mig1 = lintInvariant(
  {
    id: 'MIG-1',
    title: 'Migrations contain no forbidden statement',
    description:
      'migrations contain no forbidden statement (DROP TABLE/COLUMN/POLICY, RENAME, ALTER COLUMN TYPE, TRUNCATE, DELETE/UPDATE without WHERE, DISABLE/NO FORCE RLS, constant-true policy)',
    severity: 'medium',
    cwe: 'CWE-1188',
  },
  {
    sql: 'ALTER TABLE tenantproof_control NO FORCE ROW LEVEL SECURITY;',
    rule: 'MIG-1/no-force-rls',
    description: 'NO FORCE ROW LEVEL SECURITY in a control statement',
  },
);

export const mig2 = lintInvariant(
  {
    id: 'MIG-2',
    title: 'New tables carry the tenant column, forced RLS and a policy',
    description: "every table the migrations create has the tenant column, RLS enabled and forced, and a policy; personal tables' policies key on the user",
    severity: 'high',
    cwe: 'CWE-732',
  },
  { sql: 'CREATE TABLE tenantproof_control (id int);', rule: 'MIG-2/missing-tenant-column', description: 'a control table without the tenant column' },
  // A table secured inside a DO block is secured: the migrations have run, so the catalogue knows.
  (ctx, findings) => unsettledByCatalogue(ctx.admin, findings),
);

export const mig3 = defineInvariant({
  id: 'MIG-3',
  title: 'No policy is removed or weakened against the baseline',
  description:
    'against the baseline schema (two throwaway databases), no policy is removed or loosened, no table loses RLS/FORCE, no new permissive policy widens a table',
  severity: 'high',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-732',
  requires: ['database', 'migrations'],
  async run(ctx) {
    const startedAt = performance.now();
    const { declared } = await linted(ctx);
    if (!declared.baseline) return skipped('MIG-3', 'the contract declares no migrationsLint.baseline');
    let comparison;
    try {
      comparison = await compareSchemas(ctx.handle.adminUrl, declared.baseline, declared.paths);
    } catch (error) {
      // A schema that does not apply proves nothing either way; say which file failed and why.
      return { id: 'MIG-3', verdict: 'error', cases: 0, durationMs: Math.round(performance.now() - startedAt), reason: (error as Error).message };
    }
    ctx.evidence.write({
      invariant: 'MIG-3',
      kind: 'sql',
      label: 'policy-diff',
      request: { baseline: comparison.baseline, candidate: comparison.candidate },
      response: comparison,
    });
    const control = comparison.control ?? { description: 'a baseline table that forces RLS (none found, so nothing could be weakened)', detected: false };
    const verdict = migrationVerdict({
      id: 'MIG-3',
      cases: comparison.baseline.tables + comparison.baseline.policies,
      findings: comparison.weakenings.map((w) => ({ text: `${w.kind} ${w.message}`, data: w })),
      control: { description: 'weakened' in control ? control.weakened : control.description, detected: control.detected },
      startedAt,
      replay: replayOf(ctx),
      details: { baseline: comparison.baseline, candidate: comparison.candidate },
    });
    return verdict;
  },
});

export const mig4 = defineInvariant({
  id: 'MIG-4',
  title: 'Every forward migration has a rollback',
  description: 'every forward migration has its rollback script (when the contract names a rollback convention)',
  severity: 'low',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-1188',
  requires: ['database', 'migrations'],
  async run(ctx) {
    const startedAt = performance.now();
    const { declared, report } = await linted(ctx);
    if (!declared.options.rollback) return skipped('MIG-4', 'the contract declares no rollback naming convention (migrationsLint.rollback)');
    const detected = controlFires(
      declared,
      'SELECT 1;',
      'MIG-4/missing-rollback',
      path.join(path.dirname(report.files[0] ?? ctx.handle.configPath), 'tenantproof-control.sql'),
      () => false,
    );
    return lintCheck(ctx, report, 'MIG-4', { description: 'a control migration whose rollback does not exist', detected }, startedAt);
  },
});
