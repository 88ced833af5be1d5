import { describe, expect, test } from 'vitest';
import { loggedParameters, loggedStatement } from './statement-log-reader.ts';

// Lines as Postgres 18 writes them with log_destination = jsonlog and log_statement = 'all'.
const EXTENDED =
  '{"timestamp":"2026-11-23 07:50:04.793 UTC","user":"app_user","dbname":"tp_run","pid":27203,"remote_host":"127.0.0.1","remote_port":56058,"session_id":"6b03f02c.6a43","line_num":2,"ps":"SELECT","session_start":"2026-11-23 07:50:04 UTC","vxid":"2/2","txid":0,"error_severity":"LOG","message":"execute <unnamed>: select set_config($1, $2, $3)","detail":"Parameters: $1 = \'app.current_tenant\', $2 = \'o\'\'k, $3 = x\', $3 = \'t\'","application_name":"tryname","backend_type":"client backend","query_id":0}';
const SIMPLE =
  '{"timestamp":"2026-11-23 07:50:04.794 UTC","user":"app_user","dbname":"tp_run","pid":27203,"session_id":"6b03f02c.6a43","line_num":3,"vxid":"2/3","txid":0,"error_severity":"LOG","message":"statement: select 1;\\nselect 2","backend_type":"client backend","query_id":0}';
const FILTER = { user: 'app_user', database: 'tp_run' };

describe('loggedStatement', () => {
  test('reads an extended-protocol statement with its parameters', () => {
    expect(loggedStatement(EXTENDED, FILTER)).toEqual({
      session: '6b03f02c.6a43',
      application: 'tryname',
      vxid: '2/2',
      sql: 'select set_config($1, $2, $3)',
      params: ['app.current_tenant', "o'k, $3 = x", 't'],
    });
  });

  test('reads a simple query whole, without an application name', () => {
    expect(loggedStatement(SIMPLE, FILTER)).toMatchObject({ application: '', vxid: '2/3', sql: 'select 1;\nselect 2', params: [] });
  });

  test('skips other roles, other databases, errors and cut lines', () => {
    expect(loggedStatement(EXTENDED, { ...FILTER, user: 'postgres' })).toBeUndefined();
    expect(loggedStatement(EXTENDED, { ...FILTER, database: 'other' })).toBeUndefined();
    expect(loggedStatement(SIMPLE.replace('"LOG"', '"ERROR"'), FILTER)).toBeUndefined();
    expect(loggedStatement(SIMPLE.slice(0, 80), FILTER)).toBeUndefined();
  });
});

describe('loggedParameters', () => {
  test('reads NULL and quoted values, and nothing from other details', () => {
    expect(loggedParameters("Parameters: $1 = NULL, $2 = ''''")).toEqual([null, "'"]);
    expect(loggedParameters('prepare: select 1')).toEqual([]);
  });
});
