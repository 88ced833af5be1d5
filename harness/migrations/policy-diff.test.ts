import { beforeAll, expect, test } from 'vitest';
import { loadSqlParser } from './parsed-migration.ts';
import { diffPolicies } from './policy-diff.ts';
import type { PolicyRow, PolicySnapshot } from './policy-snapshot.ts';

const TENANT = "(tenant_id = (NULLIF(current_setting('app.current_tenant'::text, true), ''::text))::uuid)";
const USER = "(user_id = (NULLIF(current_setting('app.current_user'::text, true), ''::text))::uuid)";
const policy = (over: Partial<PolicyRow>): PolicyRow => ({
  table: 'notes',
  name: 'notes_select',
  permissive: true,
  roles: ['public'],
  command: 'SELECT',
  using: TENANT,
  check: null,
  ...over,
});
const snapshot = (policies: PolicyRow[], tables = [{ table: 'notes', rls: true, forced: true }]): PolicySnapshot => ({ tables, policies });
const kinds = (before: PolicySnapshot, after: PolicySnapshot) => diffPolicies(before, after).map((w) => `${w.kind} ${w.policy ?? w.table}`);

beforeAll(() => loadSqlParser());

const baseline = snapshot([policy({}), policy({ name: 'notes_insert', command: 'INSERT', using: null, check: TENANT })]);

test('an identical schema has no weakening', () => {
  expect(kinds(baseline, structuredClone(baseline))).toEqual([]);
});

test('RLS switched off and FORCE removed are reported per table', () => {
  expect(kinds(baseline, { ...baseline, tables: [{ table: 'notes', rls: false, forced: false }] })).toEqual(['rls-disabled notes', 'force-removed notes']);
});

test('a policy that gains a condition is stricter; one that loses it, or becomes fail-open on NULL, is weaker', () => {
  const stricter = snapshot([policy({ using: `(${TENANT} AND ${USER})` }), baseline.policies[1]!]);
  expect(kinds(baseline, stricter)).toEqual([]);
  const failOpen = snapshot([policy({ using: `((current_setting('app.current_tenant'::text, true) IS NULL) OR ${TENANT})` }), baseline.policies[1]!]);
  expect(kinds(baseline, failOpen)).toEqual(['policy-weakened notes_select']);
  expect(kinds(snapshot([policy({ using: `(${TENANT} AND ${USER})` })]), snapshot([policy({})]))).toEqual(['policy-weakened notes_select']);
});

test('a dropped WITH CHECK, wider roles or a wider command weaken a policy', () => {
  expect(kinds(baseline, snapshot([policy({}), policy({ name: 'notes_insert', command: 'INSERT', using: null, check: null })]))).toEqual([
    'policy-weakened notes_insert',
  ]);
  const narrow = snapshot([policy({ roles: ['app_user'] })]);
  expect(kinds(narrow, snapshot([policy({ roles: ['app_user', 'reporting'] })]))).toEqual(['policy-weakened notes_select']);
  expect(kinds(narrow, snapshot([policy({ roles: ['app_user'], command: 'ALL' })]))).toEqual(['policy-weakened notes_select']);
});

test('a removed policy is reported unless an equally strict one replaces it', () => {
  expect(kinds(baseline, snapshot([baseline.policies[1]!]))).toEqual(['policy-removed notes_select']);
  expect(kinds(baseline, snapshot([policy({ name: 'notes_read' }), baseline.policies[1]!]))).toEqual([]);
});

test('a new permissive policy on an existing table is reported unless an existing policy already grants it', () => {
  const widened = snapshot([...baseline.policies, policy({ name: 'notes_shared', using: "(title ~~ 'shared:%'::text)" })]);
  expect(kinds(baseline, widened)).toEqual(['permissive-policy-added notes_shared']);
  const implied = snapshot([...baseline.policies, policy({ name: 'notes_recent', using: `(${TENANT} AND (created_at > now()))` })]);
  expect(kinds(baseline, implied)).toEqual([]);
  const restrictive = snapshot([...baseline.policies, policy({ name: 'notes_guard', permissive: false, using: USER })]);
  expect(kinds(baseline, restrictive)).toEqual([]);
});

test('removing a restrictive policy weakens the table; tables only in the candidate are not compared', () => {
  const guarded = snapshot([policy({}), policy({ name: 'notes_guard', permissive: false, using: USER })]);
  expect(kinds(guarded, snapshot([policy({})]))).toEqual(['policy-removed notes_guard']);
  expect(
    kinds(
      baseline,
      snapshot(
        [...baseline.policies, policy({ table: 'files', name: 'files_all', using: 'true' })],
        [...baseline.tables, { table: 'files', rls: false, forced: false }],
      ),
    ),
  ).toEqual([]);
});
