import { beforeAll, describe, expect, test } from 'vitest';
import { loadSqlParser } from '../migrations/parsed-migration.ts';
import { statementEffects } from './statement-effects.ts';

const SETTINGS = ['app.current_tenant', 'app.current_user'];
const sets = (sql: string, params: Array<string | null> = []) => statementEffects(sql, params, SETTINGS)!.flatMap((s) => s.effects);

beforeAll(() => loadSqlParser());

describe('statementEffects', () => {
  test('reads set_config scope from literals, casts, parameters and NULL', () => {
    expect(sets("SELECT set_config('app.current_tenant', $1, true), set_config('app.current_user', $2, false)", ['t', 'u'])).toEqual([
      { kind: 'set', setting: 'app.current_tenant', scope: 'local', how: 'set_config(..., true)' },
      { kind: 'set', setting: 'app.current_user', scope: 'session', how: 'set_config(..., false)' },
    ]);
    expect(sets('select pg_catalog.set_config($1, $2, $3)', ['App.Current_Tenant', 'x', 't'])).toMatchObject([
      { setting: 'app.current_tenant', scope: 'local' },
    ]);
    expect(sets("select set_config('app.current_tenant', 'x', 'off'::boolean)")).toMatchObject([{ scope: 'session' }]);
    expect(sets("select set_config('app.current_tenant', 'x', NULL)")).toMatchObject([{ scope: 'session' }]);
    expect(sets('select set_config($1, $2, $3)', ['app.current_tenant', 'x', null])).toMatchObject([{ scope: 'session' }]);
    expect(sets("select set_config('app.current_tenant', 'x', now() is null)")).toMatchObject([{ scope: 'unknown' }]);
  });

  test('finds set_config anywhere in the tree, and ignores other settings and other schemas', () => {
    expect(sets("with c as (select set_config('app.current_tenant', $1, false)) select * from notes, c", ['t'])).toMatchObject([{ scope: 'session' }]);
    expect(sets("select set_config('app.other', 'x', false), myschema.set_config('app.current_tenant', 'x', false)")).toEqual([]);
  });

  test('reads SET, SET LOCAL and RESET of a context setting, not of others', () => {
    expect(sets(`SET LOCAL app.current_tenant = 'x'; SET app.current_tenant TO 'y'; RESET "app.current_user"; RESET ALL; SET search_path = public`)).toEqual([
      { kind: 'set', setting: 'app.current_tenant', scope: 'local', how: 'SET LOCAL' },
      { kind: 'set', setting: 'app.current_tenant', scope: 'session', how: 'SET' },
      { kind: 'set', setting: 'app.current_user', scope: 'session', how: 'RESET' },
    ]);
  });

  test('splits a simple query into statements with their text, tables and transaction moves', () => {
    const parsed = statementEffects(
      'BEGIN; select * from "public"."notes" n join profiles p on true; savepoint a; rollback to savepoint a; release a; COMMIT',
      [],
      SETTINGS,
    )!;
    expect(parsed.map((s) => s.text)).toEqual([
      'BEGIN',
      'select * from "public"."notes" n join profiles p on true',
      'savepoint a',
      'rollback to savepoint a',
      'release a',
      'COMMIT',
    ]);
    expect(parsed[1]!.relations).toEqual([{ schema: 'public', name: 'notes' }, { name: 'profiles' }]);
    expect(parsed.flatMap((s) => s.effects)).toEqual([
      { kind: 'savepoint', name: 'a' },
      { kind: 'rollback-to', name: 'a' },
      { kind: 'release', name: 'a' },
      { kind: 'end' },
    ]);
  });

  test('names the tables of writes and subqueries, but not a CTE that shadows a table', () => {
    const [insert] = statementEffects('insert into notes (title) select title from audit_events where id in (select id from profiles)', [], SETTINGS)!;
    expect(insert!.relations.map((r) => r.name)).toEqual(['notes', 'audit_events', 'profiles']);
    const [shadow] = statementEffects('with notes as (select 1) update public.profiles set x = 1 from notes', [], SETTINGS)!;
    expect(shadow!.relations).toEqual([{ schema: 'public', name: 'profiles' }]);
  });

  test('returns undefined for text the parser rejects', () => {
    expect(statementEffects('selec 1 from', [], SETTINGS)).toBeUndefined();
  });
});
