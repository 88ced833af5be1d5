import { beforeAll, describe, expect, test } from 'vitest';
import { loadSqlParser } from '../migrations/parsed-migration.ts';
import { ContextHygieneAnalysis } from './statement-log-analysis.ts';
import type { LoggedStatement } from './statement-log-reader.ts';

const RULES = { tenantSetting: 'app.current_tenant', otherSettings: ['app.current_user'], tenantTables: [{ schema: 'public', table: 'notes' }] };
const LOCAL = "SELECT set_config('app.current_tenant', $1, true), set_config('app.current_user', $2, true)";

/** Feeds `[session, vxid, sql, params?]` rows and returns the session summaries. */
function analyse(rows: Parameters<typeof analysis>[0], judged?: (app: string) => boolean) {
  return analysis(rows, judged).summaries();
}

function analysis(rows: Array<[string, string | undefined, string, Array<string | null>?]>, judged = (app: string) => app !== 'probe') {
  const result = new ContextHygieneAnalysis(RULES, judged);
  for (const [session, vxid, sql, params = []] of rows) {
    const app = session.startsWith('probe') ? 'probe' : 'app';
    result.add({ session, application: app, vxid, sql, params } satisfies LoggedStatement);
  }
  return result;
}

beforeAll(() => loadSqlParser());

describe('ContextHygieneAnalysis', () => {
  test('a transaction that sets the context locally before its queries is clean', () => {
    const [s] = analyse([
      ['s1', '3/1', 'BEGIN'],
      ['s1', '3/1', LOCAL, ['t1', 'u1']],
      ['s1', '3/1', 'SELECT * FROM notes WHERE id = $1', ['x']],
      ['s1', '3/1', 'COMMIT'],
      ['s1', '3/2', "BEGIN; SET LOCAL app.current_tenant = 't2'; DELETE FROM public.notes; COMMIT"],
    ]);
    expect(s).toMatchObject({ statements: 5, tenantStatements: 2, findings: { 'session-level-context': 0, 'no-local-context': 0 } });
  });

  test('a local context does not outlive its transaction, nor a rollback to an earlier savepoint', () => {
    const result = analysis([
      ['s1', '3/1', 'BEGIN'],
      ['s1', '3/1', LOCAL, ['t1', 'u1']],
      ['s1', '3/1', 'COMMIT'],
      ['s1', '3/2', 'select title from notes'],
      ['s1', '3/3', "BEGIN; SAVEPOINT a; SET LOCAL app.current_tenant = 't'; ROLLBACK TO SAVEPOINT a; select 1 from notes; COMMIT"],
      ['s1', '3/4', "SET LOCAL app.current_tenant = 't'; COMMIT; select 1 from notes"],
    ]);
    expect(result.summaries()[0]!.findings).toEqual({ 'session-level-context': 0, 'no-local-context': 3 });
    expect(result.findings().map((f) => [f.statement, f.occurrences])).toEqual([
      ['select title from notes', 1],
      ['select 1 from notes', 2],
    ]);
  });

  test('session-level context is reported however it is written, and leaves no local context', () => {
    const result = analysis([
      ['s1', '3/1', 'BEGIN'],
      ['s1', '3/1', "SELECT set_config('app.current_tenant', $1, false), set_config('app.current_user', $2, false)", ['t1', 'u1']],
      ['s1', '3/1', 'SELECT * FROM notes'],
      ['s1', '3/1', 'COMMIT'],
      ['s1', '3/2', 'RESET app.current_tenant'],
      ['s2', '4/1', "SELECT set_config('app.current_tenant', $1, false), set_config('app.current_user', $2, false)", ['t2', 'u2']],
    ]);
    expect(result.summaries()[0]!.findings).toEqual({ 'session-level-context': 3, 'no-local-context': 1 });
    expect(
      result
        .findings()
        .filter((f) => f.kind === 'session-level-context')
        .map((f) => [f.setting, f.how, f.occurrences, f.sessions]),
    ).toEqual([
      ['app.current_tenant', 'set_config(..., false)', 2, 2],
      ['app.current_user', 'set_config(..., false)', 2, 2],
      ['app.current_tenant', 'RESET', 1, 1],
    ]);
    expect(result.findings().find((f) => f.kind === 'no-local-context')).toMatchObject({
      firstSession: 's1',
      application: 'app',
      tables: ['public.notes'],
      statement: 'SELECT * FROM notes',
    });
  });

  test('sessions are judged apart, and unjudged ones only counted', () => {
    const summaries = analyse([
      ['s1', '3/1', 'BEGIN'],
      ['s2', '4/1', 'select * from notes'],
      ['s1', '3/1', LOCAL, ['t1', 'u1']],
      ['probe-1', '5/1', "select set_config('app.current_tenant', 'x', false), * from notes"],
      ['s1', '3/1', 'select * from notes'],
      ['s1', '3/1', 'not sql at all'],
    ]);
    expect(
      summaries.map((s) => [s.session, s.statements, s.tenantStatements, s.unparsed, s.findings['no-local-context'], s.findings['session-level-context']]),
    ).toEqual([
      ['s1', 4, 1, 1, 0, 0],
      ['s2', 1, 1, 0, 1, 0],
      ['probe-1', 1, 0, 0, 0, 0],
    ]);
  });

  test('statements without a logged vxid are each their own transaction', () => {
    const [s] = analyse([
      ['s1', undefined, "SET LOCAL app.current_tenant = 't'"],
      ['s1', undefined, 'select * from notes'],
    ]);
    expect(s!.findings['no-local-context']).toBe(1);
  });
});
