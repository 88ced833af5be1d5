/**
 * MIG-3: every way a candidate schema weakens the baseline's row-level security. A policy may gain
 * conditions, narrow its roles or commands, or become restrictive; anything else that touches an
 * existing table's security is reported: RLS or FORCE switched off, a policy removed (with no
 * equally strict replacement) or loosened, or a new permissive policy that ORs in more rows.
 * Dropped tables are MIG-1's concern (DROP TABLE), not a weakening of security.
 */
import { expressionConjuncts } from './expression-conjuncts.ts';
import type { PolicyRow, PolicySnapshot } from './policy-snapshot.ts';

export type WeakeningKind = 'rls-disabled' | 'force-removed' | 'policy-removed' | 'policy-weakened' | 'permissive-policy-added';

/** One weakening, with the fix-oriented message a reviewer needs. */
export interface PolicyWeakening {
  kind: WeakeningKind;
  table: string;
  policy?: string;
  message: string;
}

/** Compares two snapshots; an empty list means the candidate is at least as strict. Needs the SQL parser loaded. */
export function diffPolicies(baseline: PolicySnapshot, candidate: PolicySnapshot): PolicyWeakening[] {
  const found: PolicyWeakening[] = [];
  const candidateTables = new Map(candidate.tables.map((t) => [t.table, t]));
  for (const before of baseline.tables) {
    const after = candidateTables.get(before.table);
    if (!after) continue;
    if (before.rls && !after.rls) found.push({ kind: 'rls-disabled', table: before.table, message: `row-level security was switched off on ${before.table}` });
    if (before.forced && !after.forced)
      found.push({
        kind: 'force-removed',
        table: before.table,
        message: `${before.table} no longer forces row-level security: its owner bypasses every policy`,
      });
  }
  const key = (p: PolicyRow) => `${p.table}\u0000${p.name}`;
  const candidatePolicies = new Map(candidate.policies.map((p) => [key(p), p]));
  const baselineKeys = new Set(baseline.policies.map(key));
  for (const before of baseline.policies) {
    if (!candidateTables.has(before.table)) continue;
    const after = candidatePolicies.get(key(before));
    if (after) {
      if (!atLeastAsStrict(before, after))
        found.push({
          kind: 'policy-weakened',
          table: before.table,
          policy: before.name,
          message: `policy ${before.name} on ${before.table} was loosened: ${describe(before)} became ${describe(after)}`,
        });
    } else if (!candidate.policies.some((p) => p.table === before.table && atLeastAsStrict(before, p))) {
      found.push({
        kind: 'policy-removed',
        table: before.table,
        policy: before.name,
        message: `policy ${before.name} on ${before.table} (${describe(before)}) was removed with no equally strict replacement`,
      });
    }
  }
  const existing = new Set(baseline.tables.map((t) => t.table));
  for (const added of candidate.policies) {
    if (!added.permissive || baselineKeys.has(key(added)) || !existing.has(added.table)) continue;
    const implied = baseline.policies.some((p) => p.table === added.table && p.permissive && atLeastAsStrict(p, added));
    if (!implied)
      found.push({
        kind: 'permissive-policy-added',
        table: added.table,
        policy: added.name,
        message: `new permissive policy ${added.name} on ${added.table} (${describe(added)}) grants rows no baseline policy granted`,
      });
  }
  return found;
}

/** Whether `after` lets through no row, command or role that `before` did not (for its kind of policy). */
function atLeastAsStrict(before: PolicyRow, after: PolicyRow): boolean {
  if (before.permissive && !after.permissive) return true;
  if (!before.permissive && after.permissive) return false;
  const fewerRoles = (a: string[], b: string[]) => a.includes('public') || b.every((r) => a.includes(r));
  const fewerCommands = (a: string, b: string) => a === 'ALL' || a === b;
  // A permissive policy grants: it must cover no more. A restrictive one filters: it must cover no less.
  const [wide, narrow] = before.permissive ? [before, after] : [after, before];
  if (!fewerRoles(wide.roles, narrow.roles) || !fewerCommands(wide.command, narrow.command)) return false;
  return (
    contains(expressionConjuncts(effectiveCheck(after)), expressionConjuncts(effectiveCheck(before))) &&
    contains(expressionConjuncts(after.using), expressionConjuncts(before.using))
  );
}

/** Postgres checks new rows of ALL/UPDATE policies without WITH CHECK against USING. */
function effectiveCheck(p: PolicyRow): string | null {
  return p.check ?? (p.command === 'ALL' || p.command === 'UPDATE' ? p.using : null);
}

function contains(superset: Set<string>, subset: Set<string>): boolean {
  return [...subset].every((term) => superset.has(term));
}

function describe(p: PolicyRow): string {
  const parts = [`${p.permissive ? 'permissive' : 'restrictive'} ${p.command} to ${p.roles.join(', ')}`];
  if (p.using !== null) parts.push(`USING ${p.using}`);
  if (p.check !== null) parts.push(`WITH CHECK ${p.check}`);
  return parts.join(' ');
}
