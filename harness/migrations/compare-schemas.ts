/**
 * MIG-3 end to end: applies the baseline and the candidate schema to two throwaway databases on a
 * server tenantproof owns, snapshots both catalogs and diffs them. Each run also proves the diff
 * can fail: inside the candidate database it weakens one policy-bearing table in a transaction
 * (rolled back) and requires the diff to report it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrationFiles } from './migration-files.ts';
import { loadSqlParser } from './parsed-migration.ts';
import { dropRoles, serverRoles, withoutExistingRoles } from './cluster-roles.ts';
import { diffPolicies, type PolicyWeakening } from './policy-diff.ts';
import { readPolicySnapshot, type PolicySnapshot } from './policy-snapshot.ts';

export interface SchemaComparison {
  weakenings: PolicyWeakening[];
  baseline: { files: number; tables: number; policies: number };
  candidate: { files: number; tables: number; policies: number };
  /** The positive control: what was weakened on purpose, and whether the diff saw it. */
  control?: { weakened: string; detected: boolean };
}

/** Compares `baseline` with `candidate` (SQL files or directories) on the server at `adminUrl`. */
export async function compareSchemas(adminUrl: string, baseline: readonly string[], candidate: readonly string[]): Promise<SchemaComparison> {
  await loadSqlParser();
  const baseFiles = migrationFiles(baseline);
  const candidateFiles = migrationFiles(candidate);
  const before = await inThrowawayDatabase(adminUrl, baseFiles, (client) => readPolicySnapshot(client));
  const { after, control } = await inThrowawayDatabase(adminUrl, candidateFiles, async (client) => {
    const after = await readPolicySnapshot(client);
    return { after, control: await positiveControl(client, before) };
  });
  const count = (files: string[], s: PolicySnapshot) => ({ files: files.length, tables: s.tables.length, policies: s.policies.length });
  return { weakenings: diffPolicies(before, after), baseline: count(baseFiles, before), candidate: count(candidateFiles, after), control };
}

/** Forces RLS off a baseline table that still forces it, inside a transaction that is rolled back. */
async function positiveControl(client: pg.Client, baseline: PolicySnapshot): Promise<SchemaComparison['control']> {
  const current = await readPolicySnapshot(client);
  const target = baseline.tables.find((t) => t.forced && current.tables.some((c) => c.table === t.table && c.forced));
  if (!target) return undefined;
  await client.query('BEGIN');
  try {
    await client.query(
      `ALTER TABLE ${target.table
        .split('.')
        .map((p) => pg.escapeIdentifier(p))
        .join('.')} NO FORCE ROW LEVEL SECURITY`,
    );
    const weakened = await readPolicySnapshot(client);
    const detected = diffPolicies(baseline, weakened).some((w) => w.kind === 'force-removed' && w.table === target.table);
    return { weakened: `ALTER TABLE ${target.table} NO FORCE ROW LEVEL SECURITY`, detected };
  } finally {
    await client.query('ROLLBACK');
  }
}

async function inThrowawayDatabase<T>(adminUrl: string, files: readonly string[], use: (client: pg.Client) => Promise<T>): Promise<T> {
  const name = `tp_mig3_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const createdRoles: string[] = [];
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query('SET client_min_messages = warning');
      for (const file of files) {
        try {
          const { sql, creates } = withoutExistingRoles(readFileSync(file, 'utf8'), await serverRoles(client));
          createdRoles.push(...creates);
          await client.query(sql);
        } catch (error) {
          throw new Error(`MIG-3: applying ${file} failed: ${(error as Error).message}`, { cause: error });
        }
      }
      return await use(client);
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await dropRoles(admin, createdRoles);
    await admin.end();
  }
}
