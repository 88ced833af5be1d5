/**
 * DB family, context hygiene, read from the statement log of the Postgres tenantproof started.
 * DB-7: every statement the application role runs on a tenant table runs in a transaction whose
 * tenant context was set transaction-locally, and no context setting is ever set for the session.
 * A pooled connection that keeps a session-level context is a leak waiting for a request that
 * forgets to set it: this sees the cause on a run where no data happened to leak.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkAudit } from '../harness/checks/check-audit.ts';
import { runHygieneControl, CONTROL_APPLICATION_NAME, type HygieneControl } from '../harness/database/hygiene-control.ts';
import type { HygieneFinding } from '../harness/database/statement-log-analysis.ts';
import { auditStatementLog, type StatementLogAudit } from '../harness/database/statement-log-audit.ts';
import { discoverTenantTables } from '../harness/database/tenant-tables.ts';
import { driveHygieneTraffic, type TrafficSummary } from '../harness/suite/hygiene-traffic.ts';
import { skipped } from '../harness/invariants/skipped.ts';

/** How long the control's statements may take to reach the log through the logging collector. */
const CONTROL_WAIT_MS = 5_000;
const POLL_MS = 250;

export const db7 = defineInvariant({
  id: 'DB-7',
  title: 'Tenant context is only ever set transaction-locally',
  description:
    "context hygiene, read from the statement log of the Postgres tenantproof started (jsonlog, `log_statement = 'all'` for the application role only): every statement the target runs on a tenant table runs in a transaction whose tenant setting was set transaction-locally before it, and no context setting is ever set for the session (`SET`, `set_config(..., false)`, literals or bound parameters); statements parsed with the real Postgres parser, sessions replayed by transaction id; the suite drives its own concurrent traffic, and a control session that does it wrong must be flagged for `held` (embedded provider; `skipped` with the reason on url/container servers)",
  severity: 'high',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-488',
  requires: ['database'],
  async run(ctx) {
    const dir = ctx.handle.statementLogDir;
    if (!dir) {
      const why =
        ctx.handle.postgres.kind === 'url'
          ? 'the statement log of a server tenantproof did not start is not readable'
          : `the ${ctx.handle.postgres.kind} provider does not hand the server's statement log to the harness`;
      return skipped('DB-7', `${why}; the embedded provider (database.provider "embedded") logs the application role's statements for this check`);
    }
    const { tenantSetting, userSetting } = ctx.config.database.context;
    const filter = { user: ctx.config.database.appRole.name, database: decodeURIComponent(new URL(ctx.handle.adminUrl).pathname.slice(1)) };
    let traffic: TrafficSummary | undefined;
    let control: HygieneControl | undefined;
    let audit: StatementLogAudit | undefined;
    const controlFlagged = (a: StatementLogAudit) =>
      a.control.length === 1 && a.control[0]!.findings['session-level-context'] === 1 && a.control[0]!.findings['no-local-context'] === 1;

    const verdict = await checkAudit<HygieneFinding>(ctx, {
      invariant: 'DB-7',
      async control() {
        const tables = await discoverTenantTables(ctx.admin, ctx.config);
        traffic = await driveHygieneTraffic(ctx, 'DB-7');
        const readable = tables.find((t) => t.can.select && t.declared) ?? tables.find((t) => t.can.select);
        if (!readable) return 'the application role may read no tenant table, so the control has nothing to query';
        control = await runHygieneControl(ctx.handle.appUrl, tenantSetting, ctx.world.tenants[0]!.id, readable.sql, ctx.config.database.appRole.requestRole);
        ctx.evidence.write({
          invariant: 'DB-7',
          kind: 'sql',
          label: 'control',
          request: { application: CONTROL_APPLICATION_NAME, sql: [control.sessionLevel, control.unscoped] },
          outcome: 'rolled back; must be flagged once for each',
        });
        const rules = {
          tenantSetting,
          otherSettings: userSetting ? [userSetting] : [],
          tenantTables: tables.map((t) => ({ schema: t.name.slice(0, t.name.length - t.table.length - 1), table: t.table })),
        };
        const deadline = Date.now() + CONTROL_WAIT_MS;
        audit = await auditStatementLog(dir, filter, rules);
        while (!controlFlagged(audit) && Date.now() < deadline) {
          await sleep(POLL_MS);
          audit = await auditStatementLog(dir, filter, rules);
        }
        ctx.evidence.write({
          invariant: 'DB-7',
          kind: 'sql',
          label: 'statement-log',
          request: { files: audit.files, bytes: audit.bytes },
          outcome: JSON.stringify(audit.totals),
        });
        const target = audit.totals.target;
        if (target.tenantStatements === 0) {
          return `the log shows no statement of the target on a tenant table (${target.statements} statement(s) in ${target.sessions} session(s) of ${filter.user}; ${traffic.requests} requests sent, statuses ${JSON.stringify(traffic.statuses)}), so the harness cannot see its traffic`;
        }
        if (!controlFlagged(audit)) {
          return `the control session's session-level set_config and its query of ${readable.name} without a local context were not flagged once each (control sessions seen: ${JSON.stringify(audit.control.map((s) => s.findings))})`;
        }
        return undefined;
      },
      async audit() {
        for (const f of audit!.findings) {
          ctx.evidence.write({
            invariant: 'DB-7',
            kind: 'sql',
            label: f.kind,
            request: { session: f.firstSession, application: f.application, sql: f.statement },
            outcome: describe(f),
          });
        }
        return audit!.findings;
      },
      describe,
      details: () => ({ traffic, statementLog: audit && { files: audit.files, bytes: audit.bytes }, sessions: audit?.totals }),
    });
    function describe(f: HygieneFinding): string {
      const where = `${f.occurrences} time(s) in ${f.sessions} session(s) (first ${f.firstSession}${f.application ? `, ${f.application}` : ''})`;
      return f.kind === 'session-level-context'
        ? `${f.setting} set for the whole session (${f.how}) ${where}: ${f.statement}`
        : `${f.tables!.join(', ')} queried without a transaction-local ${tenantSetting} ${where}: ${f.statement}`;
    }
    return verdict;
  },
});
