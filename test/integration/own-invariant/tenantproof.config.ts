/**
 * The reference service's contract plus one invariant of its own (example-invariant.ts). The
 * service's folders are given absolutely because this contract lives elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tenantproof';
import reference from '../../../fixtures/reference-service/tenantproof.config.ts';

const service = fileURLToPath(new URL('../../../fixtures/reference-service/', import.meta.url));
const migrations = reference.database.migrations;

export default defineConfig({
  ...reference,
  target: { ...reference.target, cwd: service },
  database: { ...reference.database, migrations: 'command' in migrations ? { ...migrations, cwd: service } : migrations },
  migrationsLint: reference.migrationsLint && { ...reference.migrationsLint, paths: reference.migrationsLint.paths.map((p) => `${service}${p}`) },
  invariants: ['./example-invariant.ts'],
});
