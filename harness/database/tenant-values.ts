/**
 * Ground truth for DB-5, read once on the admin connection: every tenant's ids (to call functions
 * with), which tenants hold each distinctive value (to recognise a leak in output of any shape),
 * and how many rows each tenant has per table (what a TRUNCATE would take from them).
 */
import type pg from 'pg';
import type { World } from '../provision/world.ts';
import { valueClass, type IdCandidate, type ValueClass } from './argument-fill.ts';
import { valueOwners, type ValueOwners } from './foreign-traces.ts';
import { rowsOf } from './table-probes.ts';
import type { TenantTable } from './tenant-tables.ts';

export interface TenantValues {
  ids: IdCandidate[];
  owners: ValueOwners;
  /** Rows of `table` that belong to tenants other than `tenant`. */
  othersRows(table: TenantTable, tenant: string): number;
}

const shapeOf = (value: string): ValueClass =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? 'uuid' : /^-?\d+$/.test(value) ? 'integer' : 'text';

export async function readTenantValues(admin: pg.Pool, tables: readonly TenantTable[], world: World): Promise<TenantValues> {
  const all = await Promise.all(tables.map(async (table) => ({ table, rows: (await rowsOf(admin, table)).filter((r) => r.tenant !== null) })));
  const ids: IdCandidate[] = world.tenants.map((t) => ({ source: 'tenant id', cls: shapeOf(t.id), value: t.id, tenant: t.id }));
  for (const { table, rows } of all) {
    const key = table.primaryKey.length === 1 ? table.columns.find((c) => c.name === table.primaryKey[0]) : undefined;
    const cls = key && valueClass(key.type);
    if (!key || !cls) continue;
    for (const r of rows) ids.push({ source: `${table.name}.${key.name}`, cls, value: String(r.json[key.name]), tenant: r.tenant });
  }
  // The contract's users are ids a function may take even when no tenant table keys on them.
  const known = new Set(ids.map((c) => c.value));
  if (!world.users.every((u) => known.has(u.id)))
    ids.push(...world.users.map((u) => ({ source: 'user id', cls: shapeOf(u.id), value: u.id, tenant: u.tenantId })));
  const owners = valueOwners([
    ...all.flatMap(({ rows }) => rows),
    ...world.tenants.map((t) => ({ tenant: t.id, json: t.id })),
    ...world.users.map((u) => ({ tenant: u.tenantId, json: u.id })),
  ]);
  const counts = new Map(all.map(({ table, rows }) => [table.sql, rows]));
  return { ids, owners, othersRows: (table, tenant) => (counts.get(table.sql) ?? []).filter((r) => r.tenant !== tenant).length };
}
