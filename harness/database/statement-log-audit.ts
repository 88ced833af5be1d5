/**
 * One pass of context hygiene (DB-7) over a run's statement log: streams it, judges the target's
 * and the control's sessions, only counts the harness's own probes, and sums it up per kind of
 * session with the first findings of each, bounded whatever the size of the log.
 */
import { statSync } from 'node:fs';
import { loadSqlParser } from '../migrations/parsed-migration.ts';
import { PROBE_APPLICATION_NAME } from './app-session.ts';
import { CONTROL_APPLICATION_NAME } from './hygiene-control.ts';
import { ContextHygieneAnalysis, type ContextHygieneRules, type FindingKind, type HygieneFinding, type SessionSummary } from './statement-log-analysis.ts';
import { jsonLogFiles, readStatementLog, type StatementLogFilter } from './statement-log-reader.ts';

export type SessionKind = 'target' | 'probe' | 'control';

export interface SessionTotals {
  sessions: number;
  statements: number;
  tenantStatements: number;
  unparsed: number;
  findings: Record<FindingKind, number>;
}

export interface StatementLogAudit {
  files: number;
  bytes: number;
  totals: Record<SessionKind, SessionTotals>;
  /** The control's sessions (one per control run), to check it was flagged exactly. */
  control: SessionSummary[];
  /** The target's distinct findings, the first `MAX_FINDINGS` of them. */
  findings: HygieneFinding[];
}

const MAX_FINDINGS = 12;

export function sessionKind(application: string): SessionKind {
  return application === PROBE_APPLICATION_NAME ? 'probe' : application === CONTROL_APPLICATION_NAME ? 'control' : 'target';
}

/** Reads the whole log in `dir` once and judges it under `rules`. */
export async function auditStatementLog(dir: string, filter: StatementLogFilter, rules: ContextHygieneRules): Promise<StatementLogAudit> {
  await loadSqlParser();
  const files = jsonLogFiles(dir);
  const analysis = new ContextHygieneAnalysis(rules, (application) => sessionKind(application) !== 'probe');
  for await (const statement of readStatementLog(dir, filter)) analysis.add(statement);
  const empty = (): SessionTotals => ({
    sessions: 0,
    statements: 0,
    tenantStatements: 0,
    unparsed: 0,
    findings: { 'session-level-context': 0, 'no-local-context': 0 },
  });
  const totals: Record<SessionKind, SessionTotals> = { target: empty(), probe: empty(), control: empty() };
  const summaries = analysis.summaries();
  for (const s of summaries) {
    const t = totals[sessionKind(s.application)];
    t.sessions += 1;
    t.statements += s.statements;
    t.tenantStatements += s.tenantStatements;
    t.unparsed += s.unparsed;
    t.findings['session-level-context'] += s.findings['session-level-context'];
    t.findings['no-local-context'] += s.findings['no-local-context'];
  }
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    totals,
    control: summaries.filter((s) => sessionKind(s.application) === 'control'),
    findings: analysis
      .findings()
      .filter((f) => sessionKind(f.application) === 'target')
      .slice(0, MAX_FINDINGS),
  };
}
