/**
 * What MIG-3 compares: every table's RLS flags and every policy, read from a database's catalog
 * after a schema was applied, so the comparison sees what Postgres made of the SQL.
 */
import type pg from 'pg';

export interface TableSecurity {
  table: string;
  rls: boolean;
  forced: boolean;
}

export interface PolicyRow {
  table: string;
  name: string;
  permissive: boolean;
  roles: string[];
  /** `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`. */
  command: string;
  using: string | null;
  check: string | null;
}

export interface PolicySnapshot {
  tables: TableSecurity[];
  policies: PolicyRow[];
}

const qualified = "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";

/** Reads the snapshot of every user table (system schemas excluded). */
export async function readPolicySnapshot(client: pg.ClientBase): Promise<PolicySnapshot> {
  const tables = await client.query<TableSecurity>(`
    SELECT ${qualified} AS "table", c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    ORDER BY 1`);
  const policies = await client.query<PolicyRow>(`
    SELECT CASE WHEN schemaname = 'public' THEN tablename ELSE schemaname || '.' || tablename END AS "table",
           policyname AS name, permissive = 'PERMISSIVE' AS permissive, roles::text[] AS roles, cmd AS command,
           qual AS using, with_check AS check
    FROM pg_policies ORDER BY 1, 2`);
  return { tables: tables.rows, policies: policies.rows };
}
