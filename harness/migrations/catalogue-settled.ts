/**
 * What the linter cannot follow (a table secured inside a `DO` block, often a loop over every
 * table) the live catalogue settles: after the migrations have run, a table that shows RLS
 * enabled, forced or a policy has it, whatever the parser saw. A table the catalogue does not
 * know stays a finding.
 */
import type pg from 'pg';
import { unparsedNote, type LintFinding } from './lint-migrations.ts';

const STATE = `
select c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
       exists (select 1 from pg_policy p where p.polrelid = c.oid) as has_policy
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p')
   and (n.nspname || '.' || c.relname = $1 or (strpos($1, '.') = 0 and c.relname = $1))
 order by n.nspname = 'public' desc
 limit 1`;

const SETTLED_BY: Record<string, 'enabled' | 'forced' | 'has_policy'> = {
  'MIG-2/rls-not-enabled': 'enabled',
  'MIG-2/rls-not-forced': 'forced',
  'MIG-2/no-policy': 'has_policy',
};

/** The findings the catalogue does not contradict. */
export async function unsettledByCatalogue(admin: pg.Pool, findings: readonly LintFinding[]): Promise<LintFinding[]> {
  const kept: LintFinding[] = [];
  for (const finding of findings) {
    const flag = SETTLED_BY[finding.rule];
    if (!finding.unparsed || !finding.table || !flag) {
      kept.push(finding);
      continue;
    }
    const { rows } = await admin.query<Record<typeof flag, boolean>>(STATE, [finding.table]);
    if (!rows[0]?.[flag])
      kept.push({ ...finding, message: `${finding.message.replace(unparsedNote(finding.unparsed), '')}; nor does the live catalogue show it` });
  }
  return kept;
}
