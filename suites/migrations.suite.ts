/**
 * MIG family: migration guardrails on the SQL files the contract declares (`migrationsLint`).
 * MIG-1/2/4 lint them with the real Postgres parser; MIG-3 applies the baseline and the candidate
 * to two throwaway databases on the run's server and diffs their policies. Each check first proves
 * it can fail on a known-bad input under this contract's conventions.
 */
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { registerSuite, type SuiteContext } from '../harness/suite/context.ts';
import { compareSchemas } from '../harness/migrations/compare-schemas.ts';
import { contractLint, type ContractLint } from '../harness/migrations/contract-lint.ts';
import { lintMigrations, lintSources, type LintFinding, type LintReport } from '../harness/migrations/lint-migrations.ts';
import type { LintInvariant, LintRuleId } from '../harness/migrations/lint-rules.ts';
import { migrationVerdict } from '../harness/migrations/lint-verdict.ts';

const suite = registerSuite();
let declared: ContractLint | undefined;
let report: LintReport | undefined;

beforeAll(async () => {
  const ctx = suite();
  declared = contractLint(ctx.config, ctx.handle.configPath);
  if (declared) report = await lintMigrations(declared.paths, declared.options);
});

const replayOf = (ctx: SuiteContext) => ({ seed: ctx.handle.seed, base: ctx.handle.replayBase });
const show = (f: LintFinding) => `${path.relative(process.cwd(), f.file)}:${f.line}:${f.column} ${f.rule} ${f.message}`;

/** Records `skipped` with its reason and says whether the check should stop there. */
function skipped(ctx: SuiteContext, id: string, reason: string | undefined): boolean {
  if (!reason) return false;
  ctx.record({ id, verdict: 'skipped', cases: 0, durationMs: 0, reason });
  return true;
}

/** Lints one control source under the contract's conventions and says whether `rule` fired. */
function controlFires(sql: string, rule: LintRuleId, file = 'tenantproof-control.sql', exists?: () => boolean): boolean {
  return lintSources([{ file, sql }], { ...declared!.options, ...(exists ? { exists } : {}) }).findings.some((f) => f.rule === rule);
}

function lintCheck(ctx: SuiteContext, id: LintInvariant, control: { description: string; detected: boolean }, startedAt: number) {
  const findings = report!.findings.filter((f) => f.invariant === id);
  ctx.evidence.write({ invariant: id, kind: 'sql', label: 'lint', request: { files: report!.files.map((f) => path.relative(process.cwd(), f)), statements: report!.statements }, response: { findings } });
  const cases = id === 'MIG-4' ? report!.files.length : report!.statements;
  const verdict = migrationVerdict({ id, cases, findings: findings.map((f) => ({ text: show(f), data: f })), control, startedAt, replay: replayOf(ctx) });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
}

test('MIG-1 migrations contain no forbidden statement', () => {
  const ctx = suite();
  const startedAt = performance.now();
  if (skipped(ctx, 'MIG-1', declared ? undefined : 'the contract declares no migrationsLint.paths')) return;
  const detected = controlFires('ALTER TABLE tenantproof_control NO FORCE ROW LEVEL SECURITY;', 'MIG-1/no-force-rls');
  lintCheck(ctx, 'MIG-1', { description: 'NO FORCE ROW LEVEL SECURITY in a control statement', detected }, startedAt);
});

test('MIG-2 new tables carry the tenant column, forced RLS and a policy', () => {
  const ctx = suite();
  const startedAt = performance.now();
  if (skipped(ctx, 'MIG-2', declared ? undefined : 'the contract declares no migrationsLint.paths')) return;
  const detected = controlFires('CREATE TABLE tenantproof_control (id int);', 'MIG-2/missing-tenant-column');
  lintCheck(ctx, 'MIG-2', { description: 'a control table without the tenant column', detected }, startedAt);
});

test('MIG-3 no policy is removed or weakened against the baseline', async () => {
  const ctx = suite();
  const startedAt = performance.now();
  const reason = !declared ? 'the contract declares no migrationsLint.paths' : !declared.baseline ? 'the contract declares no migrationsLint.baseline' : undefined;
  if (skipped(ctx, 'MIG-3', reason)) return;
  let comparison;
  try {
    comparison = await compareSchemas(ctx.handle.adminUrl, declared!.baseline!, declared!.paths);
  } catch (error) {
    // A schema that does not apply proves nothing either way; say which file failed and why.
    ctx.record({ id: 'MIG-3', verdict: 'error', cases: 0, durationMs: Math.round(performance.now() - startedAt), reason: (error as Error).message });
    throw error;
  }
  ctx.evidence.write({ invariant: 'MIG-3', kind: 'sql', label: 'policy-diff', request: { baseline: comparison.baseline, candidate: comparison.candidate }, response: comparison });
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
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('MIG-4 every forward migration has a rollback script', () => {
  const ctx = suite();
  const startedAt = performance.now();
  const reason = !declared ? 'the contract declares no migrationsLint.paths' : !declared.options.rollback ? 'the contract declares no rollback naming convention (migrationsLint.rollback)' : undefined;
  if (skipped(ctx, 'MIG-4', reason)) return;
  const detected = controlFires('SELECT 1;', 'MIG-4/missing-rollback', path.join(path.dirname(report!.files[0] ?? ctx.handle.configPath), 'tenantproof-control.sql'), () => false);
  lintCheck(ctx, 'MIG-4', { description: 'a control migration whose rollback does not exist', detected }, startedAt);
});
