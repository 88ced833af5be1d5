/**
 * Context hygiene (DB-7) judged over a statement log, session by session: replays each session's
 * transactions (one per virtual transaction id, ended early by COMMIT/ROLLBACK inside a logged
 * simple query), tracks whether the tenant setting was set transaction-locally, and reports
 * session-level changes of a context setting and tenant-table statements without a local context.
 * A pool that sets the context per session can serve every request correctly on one run and hand
 * a connection to the wrong tenant on the next: the log shows it either way.
 */
import type { LoggedStatement } from './statement-log-reader.ts';
import { statementEffects, type Effect, type RelationRef } from './statement-effects.ts';

export interface ContextHygieneRules {
  tenantSetting: string;
  /** Other context settings (the user setting): they too must never be set for the session. */
  otherSettings: string[];
  /** The tenant tables, schema and name as the catalog has them. */
  tenantTables: ReadonlyArray<{ schema: string; table: string }>;
}

export type FindingKind = 'session-level-context' | 'no-local-context';

/** One problem statement, however often it ran: the same text in every session of a pool is one finding. */
export interface HygieneFinding {
  kind: FindingKind;
  application: string;
  /** The statement, cut to a bounded length. */
  statement: string;
  /** For `session-level-context`: which setting and how (`SET`, `RESET`, `set_config(..., false)`). */
  setting?: string;
  how?: string;
  /** For `no-local-context`: the tenant tables the statement names. */
  tables?: string[];
  occurrences: number;
  /** The first session it ran in, and in how many it ran. */
  firstSession: string;
  sessions: number;
}

export interface SessionSummary {
  session: string;
  application: string;
  statements: number;
  /** Statements naming a tenant table. */
  tenantStatements: number;
  /** Texts the parser rejected (left unjudged). */
  unparsed: number;
  findings: Record<FindingKind, number>;
}

const MAX_STATEMENT_CHARS = 300;
/** Distinct findings kept; beyond them only the per-session counts grow, so memory stays bounded. */
const MAX_DISTINCT_FINDINGS = 200;

interface SessionState {
  summary: SessionSummary;
  vxid?: string;
  /** The tenant setting was set transaction-locally in the current transaction. */
  local: boolean;
  savepoints: Array<{ name: string; local: boolean }>;
}

/**
 * Feeds statements in log order; `judged(application)` says which sessions are judged (others are
 * only counted, so the harness's own probes cost no parsing). Load the parser first (`loadSqlParser()`).
 */
export class ContextHygieneAnalysis {
  private readonly sessions = new Map<string, SessionState>();
  private readonly distinct = new Map<string, HygieneFinding & { seen: Set<string> }>();
  private readonly settings: string[];
  private readonly tenantSetting: string;
  private readonly tables: Map<string, string>;

  constructor(
    rules: ContextHygieneRules,
    private readonly judged: (application: string) => boolean,
  ) {
    this.tenantSetting = rules.tenantSetting.toLowerCase();
    this.settings = [rules.tenantSetting, ...rules.otherSettings];
    // Unqualified names match by table name whatever the search_path, since the log does not say it.
    this.tables = new Map(
      rules.tenantTables.flatMap((t) => [
        [`${t.schema}.${t.table}`, `${t.schema}.${t.table}`],
        [t.table, `${t.schema}.${t.table}`],
      ]),
    );
  }

  add(statement: LoggedStatement): void {
    const state = this.stateOf(statement);
    const summary = state.summary;
    summary.statements += 1;
    if (!this.judged(statement.application)) return;
    if (statement.vxid === undefined || statement.vxid !== state.vxid) {
      state.vxid = statement.vxid;
      state.local = false;
      state.savepoints = [];
    }
    const parsed = statementEffects(statement.sql, statement.params, this.settings);
    if (!parsed) {
      summary.unparsed += 1;
      return;
    }
    for (const one of parsed) {
      const tables = [...new Set(one.relations.map((r) => this.tenantTable(r)).filter((t): t is string => t !== undefined))];
      if (tables.length > 0) {
        summary.tenantStatements += 1;
        // Judged against the context before the statement: Postgres gives no order between a
        // set_config in a target list and the policy checks of the rows it scans.
        if (!state.local) this.find(state, { kind: 'no-local-context', statement: one.text, tables });
      }
      for (const effect of one.effects) this.apply(state, effect, one.text);
    }
  }

  /** Every session seen, in first-seen order. */
  summaries(): SessionSummary[] {
    return [...this.sessions.values()].map((s) => s.summary);
  }

  /** Distinct findings in first-seen order, each with how often and in how many sessions it ran. */
  findings(): HygieneFinding[] {
    return [...this.distinct.values()].map(({ seen, ...finding }) => ({ ...finding, sessions: seen.size }));
  }

  private apply(state: SessionState, effect: Effect, text: string): void {
    switch (effect.kind) {
      case 'end':
        state.local = false;
        state.savepoints = [];
        return;
      case 'savepoint':
        state.savepoints.push({ name: effect.name, local: state.local });
        return;
      case 'rollback-to':
      case 'release': {
        const at = state.savepoints.map((s) => s.name).lastIndexOf(effect.name);
        if (at < 0) return;
        if (effect.kind === 'rollback-to') state.local = state.savepoints[at]!.local;
        state.savepoints.length = effect.kind === 'rollback-to' ? at + 1 : at;
        return;
      }
      case 'set': {
        if (effect.setting === this.tenantSetting) state.local = effect.scope === 'local';
        if (effect.scope !== 'session') return;
        this.find(state, { kind: 'session-level-context', statement: text, setting: effect.setting, how: effect.how });
      }
    }
  }

  private stateOf(statement: LoggedStatement): SessionState {
    let state = this.sessions.get(statement.session);
    if (!state) {
      state = {
        summary: {
          session: statement.session,
          application: statement.application,
          statements: 0,
          tenantStatements: 0,
          unparsed: 0,
          findings: { 'session-level-context': 0, 'no-local-context': 0 },
        },
        local: false,
        savepoints: [],
      };
      this.sessions.set(statement.session, state);
    }
    return state;
  }

  private tenantTable(r: RelationRef): string | undefined {
    return this.tables.get(r.schema ? `${r.schema}.${r.name}` : r.name);
  }

  private find(state: SessionState, found: Pick<HygieneFinding, 'kind' | 'statement' | 'setting' | 'how' | 'tables'>): void {
    const { session, application } = state.summary;
    state.summary.findings[found.kind] += 1;
    const statement = cut(found.statement);
    const key = JSON.stringify([application, found.kind, found.setting, found.how, statement]);
    let finding = this.distinct.get(key);
    if (!finding) {
      if (this.distinct.size >= MAX_DISTINCT_FINDINGS) return;
      finding = { ...found, application, statement, occurrences: 0, firstSession: session, sessions: 0, seen: new Set() };
      this.distinct.set(key, finding);
    }
    finding.occurrences += 1;
    finding.seen.add(session);
  }
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_STATEMENT_CHARS ? `${flat.slice(0, MAX_STATEMENT_CHARS)}…` : flat;
}
