/**
 * The ways out of row-level security a raw application-role session can try on one tenant table
 * (DB-5). Each runs inside the probe's rolled-back transaction; when a statement succeeds, what it
 * reached is measured in the same transaction (rows of other tenants now visible or copied).
 */
import pg from 'pg';
import type { Run, StatementOutcome } from './app-session.ts';
import { copyFields } from './copy-out.ts';
import { describeOutcome, visibleRows } from './table-probes.ts';
import type { TenantTable } from './tenant-tables.ts';

export const ESCAPE_ATTEMPTS = ['set-role', 'session-authorization', 'disable-rls', 'no-force-rls', 'truncate', 'copy-table', 'copy-query'] as const;
export type EscapeAttempt = (typeof ESCAPE_ATTEMPTS)[number];

export interface EscapeResult {
  statement: string;
  outcome: StatementOutcome;
  /** The statement itself is an escape (it succeeded where it must be refused, or copied foreign rows). */
  escaped: boolean;
  /** Rows of other tenants the session reached through it (for TRUNCATE: would have removed). */
  foreignRows: number;
  /** What it reached, and the fix. */
  note: string;
}

/** Whether `attempt` on `table` is one the role could try at all (becoming itself is no escape). */
export function applicable(attempt: EscapeAttempt, table: TenantTable, role: string): boolean {
  return !((attempt === 'set-role' || attempt === 'session-authorization') && table.owner === role);
}

/** The COPY statements: the tenant value first on every line, then the rest of the row. */
function copyStatement(attempt: 'copy-table' | 'copy-query', table: TenantTable): string {
  const tenant = pg.escapeIdentifier(table.tenantColumn);
  if (attempt === 'copy-query') return `COPY (select x.${tenant}, x.* from ${table.sql} x) TO STDOUT`;
  // Generated columns cannot be named in COPY before Postgres 18; they hold nothing another column lacks.
  const columns = [tenant, ...table.columns.filter((c) => !c.generated && c.name !== table.tenantColumn).map((c) => pg.escapeIdentifier(c.name))].join(', ');
  // COPY cannot read a partitioned parent by name (its rows are in the partitions); a query can.
  return table.partitioned ? `COPY (select ${columns} from ${table.sql}) TO STDOUT` : `COPY ${table.sql} (${columns}) TO STDOUT`;
}

/**
 * Tries one escape as the current session, whose context is `tenant`'s. `othersRows` is the
 * ground-truth number of other tenants' rows in the table (what TRUNCATE would take from them).
 */
export async function attemptEscape(
  run: Run,
  table: TenantTable,
  attempt: EscapeAttempt,
  tenant: string,
  role: string,
  othersRows: number,
): Promise<EscapeResult> {
  const owner = pg.escapeIdentifier(table.owner);
  const reachedNow = async () => ((await visibleRows(run, table)).refs ?? []).filter((r) => r.tenant !== tenant).length;
  const refusedOrEscaped = async (statement: string, fix: string, reaches: () => Promise<number>, reach = 'reached through it'): Promise<EscapeResult> => {
    const outcome = await run(statement);
    if (!outcome.ok) return { statement, outcome, escaped: false, foreignRows: 0, note: describeOutcome(outcome) };
    const foreignRows = await reaches();
    return { statement, outcome, escaped: true, foreignRows, note: `succeeded; ${foreignRows} row(s) of other tenants ${reach}; fix: ${fix}` };
  };
  switch (attempt) {
    case 'set-role':
      return refusedOrEscaped(`SET ROLE ${owner}`, `REVOKE ${owner} FROM ${pg.escapeIdentifier(role)}`, reachedNow);
    case 'session-authorization':
      return refusedOrEscaped(`SET SESSION AUTHORIZATION ${owner}`, `ALTER ROLE ${pg.escapeIdentifier(role)} NOSUPERUSER`, reachedNow);
    case 'disable-rls':
    case 'no-force-rls': {
      const fix = `ALTER TABLE ${table.sql} OWNER TO <a role ${role} is not a member of>`;
      return refusedOrEscaped(`ALTER TABLE ${table.sql} ${attempt === 'disable-rls' ? 'DISABLE' : 'NO FORCE'} ROW LEVEL SECURITY`, fix, reachedNow);
    }
    case 'truncate':
      return refusedOrEscaped(
        `TRUNCATE ${table.sql}`,
        `REVOKE TRUNCATE ON ${table.sql} FROM ${pg.escapeIdentifier(role)} (and from PUBLIC)`,
        async () => othersRows,
        'would be gone',
      );
    case 'copy-table':
    case 'copy-query': {
      // COPY escapes only by copying more than a SELECT in the same context shows: a policy that
      // lets SELECT see other tenants is a hole in row-level security itself (DB-2), not a way round it.
      const statement = copyStatement(attempt, table);
      const outcome = await run(statement, undefined, 'copy-out');
      if (!outcome.ok) return { statement, outcome, escaped: false, foreignRows: 0, note: describeOutcome(outcome) };
      const foreign = outcome.rows.map((r) => copyFields(String(r.line))[0]).filter((t) => t !== tenant);
      const selected = foreign.length ? await reachedNow() : 0;
      const note = `copied ${outcome.rowCount} row(s), ${foreign.length} of other tenants (${[...new Set(foreign)].join(', ') || 'none'}); SELECT in the same context shows ${selected} of theirs`;
      return { statement, outcome, escaped: foreign.length > selected, foreignRows: foreign.length, note };
    }
  }
}
