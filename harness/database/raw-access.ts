/**
 * What a database suite needs in one place: the discovered tenant tables, a raw session as the
 * application role, ground truth from the admin pool, and SQL evidence lines.
 */
import type { SuiteContext } from '../suite/suite-context.ts';
import type { Exchange } from '../../reports/verdict.ts';
import type { UserRecord } from '../provision/world.ts';
import { openAppSession, type AppSession, type DatabaseContext, type Run } from './app-session.ts';
import { discoverTenantTables, type TenantTable } from './tenant-tables.ts';

export interface RawAccess {
  tables: TenantTable[];
  session: AppSession;
  /** The context a user's own requests would run with. */
  contextOf(user: UserRecord): DatabaseContext;
  /** Runs `work` in `context`, writing every statement and its outcome as SQL evidence. */
  probe<T>(invariant: string, label: string, context: DatabaseContext, work: (run: Run) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens raw access for a suite; the caller closes it when the test ends. */
export async function openRawAccess(ctx: SuiteContext): Promise<RawAccess> {
  const { context, appRole } = ctx.config.database;
  const tables = await discoverTenantTables(ctx.admin, ctx.config);
  const session = await openAppSession(ctx.handle.appUrl, { ...context, requestRole: appRole.requestRole });
  return {
    tables,
    session,
    contextOf: (user) => ({ kind: 'value', tenant: user.tenantId, user: user.id }),
    probe(invariant, label, dbContext, work) {
      return session.inContext(dbContext, (run) =>
        work(async (sql, params, mode) => {
          const outcome = await run(sql, params, mode);
          ctx.evidence.write({
            invariant,
            kind: 'sql',
            label,
            request: { context: dbContext, sql, params },
            outcome: outcome.ok ? `ok ${outcome.rowCount} row(s)` : `refused ${outcome.code ?? ''} ${outcome.error}`,
          });
          return outcome;
        }),
      );
    },
    close: () => session.close(),
  };
}

/** A counterexample step for an SQL statement (no credentials involved). */
export function sqlStep(sql: string, outcome: string, note?: string): Exchange {
  return { request: { method: 'SQL', path: sql }, response: undefined, note: note ? `${note}; ${outcome}` : outcome };
}
