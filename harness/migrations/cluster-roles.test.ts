import { beforeAll, expect, test } from 'vitest';
import { withoutExistingRoles } from './cluster-roles.ts';
import { loadSqlParser } from './parsed-migration.ts';

beforeAll(() => loadSqlParser());

const SQL = `CREATE ROLE web NOLOGIN;
CREATE ROLE "authenticator" LOGIN NOINHERIT;
GRANT web TO authenticator;
ALTER ROLE authenticator SET statement_timeout = '5s';
CREATE TABLE t (id int); -- é, so byte offsets differ from character offsets
DROP ROLE IF EXISTS old_role;`;

test('a file that touches no existing role is applied byte for byte, and the roles it creates are named', () => {
  expect(withoutExistingRoles(SQL, new Set(['postgres']))).toEqual({ sql: SQL, creates: ['web', 'authenticator'] });
});

test('statements that create, alter or drop an existing role are left out; the rest are kept', () => {
  const { sql, creates } = withoutExistingRoles(SQL, new Set(['authenticator', 'old_role']));
  expect(creates).toEqual(['web']);
  expect(sql).toContain('CREATE ROLE web NOLOGIN');
  expect(sql).toContain('GRANT web TO authenticator');
  expect(sql).toContain('CREATE TABLE t (id int)');
  expect(sql).not.toMatch(/authenticator" LOGIN|ALTER ROLE|DROP ROLE/);
});
