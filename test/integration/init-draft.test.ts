/**
 * From description to certification: `init --from-openapi` on the reference service's own
 * openapi.yaml, then only what a user must fill in (what no OpenAPI document says: the migration
 * and start commands, the users table's columns, which column holds a note's author, that profiles
 * are private to their user), then certify. Every drafted operation of both resources is
 * exercised by TI-1..TI-5 and UI-1, so those run (the CLI twice, one Postgres and target start-up and
 * six quick properties: about 40 s on a 2-core machine); the run is the draft's, never the hand-written contract's.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { processesLeftBehind, ROOT, runCli, verdicts } from './support/cli.ts';

const SERVICE = path.join(ROOT, 'fixtures/reference-service');
const SELECTED = ['TI-1', 'TI-2', 'TI-3', 'TI-4', 'TI-5', 'UI-1'];
// Beside the service, so the draft's relative commands run there; `.tp-draft-*` is git-ignored.
const stem = `.tp-draft-${randomUUID().slice(0, 8)}`;
const draftFile = path.join(SERVICE, `${stem}.config.ts`);
const filledFile = path.join(SERVICE, `${stem}.filled.config.ts`);
afterAll(() => {
  for (const f of [draftFile, filledFile]) rmSync(f, { force: true });
});

/** The user's edits, as a module over the untouched draft, so the test shows exactly what was filled. */
const FILLED = `import { defineConfig } from 'tenantproof';
import draft from './${stem}.config.ts';

export default defineConfig({
  ...draft,
  database: { ...draft.database, migrations: { command: ['node', '--import', 'tsx', 'src/migrate.ts'] } },
  target: { ...draft.target, command: ['node', '--import', 'tsx', 'src/server.ts'] },
  provisioning: {
    ...draft.provisioning,
    createUser: {
      sql: 'insert into users (id, tenant_id, email, display_name, role) values ($1, $2, $3, $4, $5)',
      params: (u) => [u.id, u.tenantId, u.email, u.name, u.role],
    },
  },
  resources: { notes: { ...draft.resources.notes!, userColumn: 'author_id' }, profiles: { ...draft.resources.profiles!, scope: 'user' } },
});
`;

test('a draft from the reference openapi.yaml, filled where the document is silent, certifies the service', async () => {
  const init = await runCli(['init', draftFile, '--from-openapi', path.join(SERVICE, 'openapi.yaml')]);
  expect(init.code, init.stderr).toBe(0);
  writeFileSync(filledFile, FILLED);

  const run = await runCli(['certify', '--config', filledFile, '--seed', '1', '--profile', 'quick', '--only', SELECTED.join(',')]);
  const ran = Object.fromEntries(Object.entries(verdicts(run.summary)).filter(([, v]) => v !== 'skipped'));
  expect(ran, `${run.stdout}\n${run.stderr}`).toEqual(Object.fromEntries(SELECTED.map((id) => [id, 'held'])));
  expect(run.code, run.stderr).toBe(0);
  expect(await processesLeftBehind(run.marker)).toEqual([]);
});
