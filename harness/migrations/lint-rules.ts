/**
 * The migration lint rules: stable ids (`<invariant>/<slug>`), what each forbids and the fix it
 * names. SARIF output lists them as the tool's rules, so code scanning can show help per rule.
 */

/** The invariants the linter decides (MIG-3 needs two databases, see policy-diff.ts). */
export type LintInvariant = 'MIG-1' | 'MIG-2' | 'MIG-4';

export interface LintRule {
  id: string;
  invariant: LintInvariant;
  title: string;
  fix: string;
}

const rule = (invariant: LintInvariant, slug: string, title: string, fix: string): LintRule => ({ id: `${invariant}/${slug}`, invariant, title, fix });

/** Every rule, in the order reports list them. */
export const LINT_RULES = [
  rule('MIG-1', 'syntax-error', 'The file is not valid PostgreSQL', 'Fix the syntax; a file that does not parse cannot be checked'),
  rule('MIG-1', 'drop-table', 'DROP TABLE destroys tenant data', 'Rename the table aside in a later release, or drop it with a reviewed allow comment'),
  rule('MIG-1', 'drop-column', 'ALTER TABLE ... DROP COLUMN destroys tenant data', 'Stop using the column first; drop it with a reviewed allow comment'),
  rule(
    'MIG-1',
    'drop-policy',
    'DROP POLICY removes a row-level security rule',
    'Replace the policy with CREATE POLICY ... / ALTER POLICY instead of dropping it',
  ),
  rule(
    'MIG-1',
    'rename',
    'RENAME breaks running code and policies that name the object',
    'Add the new name alongside (view, column copy) and retire the old one later',
  ),
  rule(
    'MIG-1',
    'alter-column-type',
    'ALTER COLUMN ... TYPE rewrites the table and can change comparisons in policies',
    'Add a new column, backfill, then switch',
  ),
  rule('MIG-1', 'truncate', "TRUNCATE deletes every tenant's rows and ignores row-level security", 'Delete only the rows meant, with a WHERE clause'),
  rule(
    'MIG-1',
    'delete-without-where',
    "DELETE without WHERE (or with WHERE true) deletes every tenant's rows",
    'Add a WHERE clause that names the rows meant',
  ),
  rule(
    'MIG-1',
    'update-without-where',
    "UPDATE without WHERE (or with WHERE true) rewrites every tenant's rows",
    'Add a WHERE clause that names the rows meant',
  ),
  rule('MIG-1', 'disable-rls', 'DISABLE ROW LEVEL SECURITY switches tenant isolation off', 'Keep ROW LEVEL SECURITY enabled; change the policies instead'),
  rule('MIG-1', 'no-force-rls', 'NO FORCE ROW LEVEL SECURITY exempts the table owner from every policy', 'Keep FORCE ROW LEVEL SECURITY'),
  rule(
    'MIG-1',
    'constant-true-policy',
    'A policy whose USING or WITH CHECK is constant true scopes nothing',
    'Compare the tenant column with the tenant setting, e.g. USING (tenant_id = current_setting(...)::uuid)',
  ),
  rule(
    'MIG-1',
    'allow-without-reason',
    'A tenantproof-allow comment without a reason',
    'Write the reason after a colon: -- tenantproof-allow MIG-1: why this is safe',
  ),
  rule('MIG-2', 'missing-tenant-column', 'A new table has no tenant column', 'Add the tenant column (NOT NULL, defaulting to the tenant setting)'),
  rule('MIG-2', 'rls-not-enabled', 'A new table does not enable row-level security', 'ALTER TABLE <table> ENABLE ROW LEVEL SECURITY'),
  rule(
    'MIG-2',
    'rls-not-forced',
    'A new table does not force row-level security (its owner bypasses every policy)',
    'ALTER TABLE <table> FORCE ROW LEVEL SECURITY',
  ),
  rule('MIG-2', 'no-policy', 'A new table has no policy', 'CREATE POLICY ... ON <table> USING (<tenant column> = current_setting(...))'),
  rule(
    'MIG-2',
    'personal-policy-without-user',
    'A policy on a personal (user-scoped) table does not key on the user',
    'Add AND <user column> = current_setting(<user setting>) to USING and WITH CHECK',
  ),
  rule(
    'MIG-2',
    'allow-without-reason',
    'A tenantproof-allow comment without a reason',
    'Write the reason after a colon: -- tenantproof-allow MIG-2: why this is safe',
  ),
  rule('MIG-4', 'missing-rollback', 'A forward migration has no rollback script', 'Add the rollback script the naming convention expects'),
  rule(
    'MIG-4',
    'allow-without-reason',
    'A tenantproof-allow comment without a reason',
    'Write the reason after a colon: -- tenantproof-allow MIG-4: why this is safe',
  ),
] as const satisfies readonly LintRule[];

export type LintRuleId = (typeof LINT_RULES)[number]['id'];

const byId = new Map<string, LintRule>(LINT_RULES.map((r) => [r.id, r]));

/** The rule with this id (ids are stable; an unknown one is a programming error). */
export function lintRule(id: LintRuleId): LintRule {
  return byId.get(id)!;
}
