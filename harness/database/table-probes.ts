/**
 * The statements the raw-connection probes (DB-1..4) send on one tenant table, and the ground truth
 * they are judged against. Rows are addressed by `tableoid` and `ctid` (every table has them,
 * whatever its key; a `ctid` alone repeats across the partitions of a partitioned table) and copied
 * through `jsonb_populate_record`, so no table shape is assumed.
 */
import type pg from 'pg';
import { quoteIdent } from '../suite/operations.ts';
import type { Run, StatementOutcome } from './app-session.ts';
import { freshKeyValue, mintedKeyColumn } from './fresh-keys.ts';
import type { TenantColumnInfo, TenantTable } from './tenant-tables.ts';

/** A row's place as text, on a table aliased `x`. */
const AT = `x.tableoid::oid::text || ':' || x.ctid::text`;
/** The row of a table aliased `x` at the place parameter `p` names (a TID scan, not a search). */
const atIs = (p: string) => `x.tableoid = split_part(${p}, ':', 1)::oid and x.ctid = split_part(${p}, ':', 2)::tid`;

/** A row as the admin connection holds it. */
export interface RowRef {
  /** `tableoid:ctid`: the row's place, unique across a partitioned table's partitions. */
  at: string;
  tenant: string;
  user?: string;
  json: Record<string, unknown>;
}

/**
 * Every write shape DB-1/DB-3 tries; `*-all` have no WHERE clause. `move-all` matters on its own:
 * a statement that reads no column needs no SELECT rights, so Postgres does not check the moved
 * rows against the SELECT policy, and only the UPDATE policy's WITH CHECK stands in the way.
 */
export const WRITE_KINDS = ['insert', 'move', 'move-all', 'update', 'delete', 'upsert', 'merge', 'update-all', 'delete-all'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** Rows of `table` (admin view), optionally only those of one tenant (and user). */
export async function rowsOf(admin: pg.Pool, table: TenantTable, tenant?: string, user?: string): Promise<RowRef[]> {
  const t = quoteIdent(table.tenantColumn);
  const u = table.userColumn ? `x.${quoteIdent(table.userColumn)}::text` : 'null::text';
  const { rows } = await admin.query<{ at: string; tenant: string; owner: string | null; json: Record<string, unknown> }>(
    `select ${AT} as at, x.${t}::text as tenant, ${u} as owner, to_jsonb(x) as json from ${table.sql} x
      where ($1::text is null or x.${t}::text = $1) and ($2::text is null or ${u} = $2) order by x.tableoid, x.ctid`,
    [tenant ?? null, user ?? null],
  );
  return rows.map((r) => ({ at: r.at, tenant: r.tenant, user: r.owner ?? undefined, json: r.json }));
}

/**
 * The tenant (of `tenantIds`) a context value names as the tenant column's own type reads it, or
 * undefined: `02` and ` 2` name tenant `2` of a bigint column, an upper-case or braced uuid names
 * that uuid, and a value the type cannot read names none. Asked of Postgres, so no id format is assumed.
 */
export async function tenantNamedBy(admin: pg.Pool, table: TenantTable, value: string, tenantIds: readonly string[]): Promise<string | undefined> {
  const type = table.columns.find((c) => c.name === table.tenantColumn)?.type ?? 'text';
  try {
    const { rows } = await admin.query<{ id: string }>(`select id from unnest($2::text[]) id where id::${type} = nullif($1, '')::${type}`, [value, tenantIds]);
    return rows[0]?.id;
  } catch (error) {
    // Class 22 (data exception): the type cannot read the value, so it names no tenant. Anything
    // else (a lost connection) must not pass for that, or DB-4 would judge on a guess.
    if (String((error as { code?: unknown }).code ?? '').startsWith('22')) return undefined;
    throw error;
  }
}

/** The rows the session sees: place and tenant of each. */
export async function visibleRows(run: Run, table: TenantTable): Promise<StatementOutcome & { refs?: Array<{ at: string; tenant: string }> }> {
  const out = await run(`select ${AT} as at, x.${quoteIdent(table.tenantColumn)}::text as tenant from ${table.sql} x`);
  return out.ok ? { ...out, refs: out.rows as Array<{ at: string; tenant: string }> } : out;
}

/** Whether the application role holds the privileges `kind` needs on `table`. */
export function canWrite(table: TenantTable, kind: WriteKind): boolean {
  const { can } = table;
  switch (kind) {
    case 'insert':
      // Where the tenant (and user) column is the whole key (a tenant registry, one row per user), a
      // copy of one's own row is a duplicate by construction: no rightful insert exists to control with.
      return can.insert && (table.primaryKey.length === 0 || table.primaryKey.some((k) => k !== table.tenantColumn && k !== table.userColumn));
    case 'upsert':
      return can.insert && can.update && can.select && table.primaryKeyConstraint !== undefined;
    case 'delete':
    case 'delete-all':
      return can.delete && can.select;
    default:
      return can.update && can.select;
  }
}

/**
 * Sends one write: `target` is the row it aims at (or copies, for inserts), `tenant` the tenant
 * value it writes into the tenant column (inserts, moves and upserts).
 */
export function write(run: Run, table: TenantTable, kind: WriteKind, target: RowRef, tenant: string, returning = ''): Promise<StatementOutcome> {
  const t = quoteIdent(table.tenantColumn);
  switch (kind) {
    case 'insert':
      return insertCopy(run, table, { ...target.json, [table.tenantColumn]: tenant }, returning);
    case 'upsert':
      return insertCopy(
        run,
        table,
        { ...target.json, [table.tenantColumn]: tenant },
        ` on conflict on constraint ${quoteIdent(table.primaryKeyConstraint!)} do update set ${t} = excluded.${t}${returning}`,
        true,
      );
    case 'move':
      return run(`update ${table.sql} x set ${t} = $1 where ${atIs('$2')}`, [tenant, target.at]);
    case 'update':
      return run(`update ${table.sql} x set ${t} = ${t} where ${atIs('$1')}`, [target.at]);
    case 'delete':
      return run(`delete from ${table.sql} x where ${atIs('$1')}`, [target.at]);
    case 'merge':
      return run(`merge into ${table.sql} x using (select 1) s on ${atIs('$1')} when matched then update set ${t} = x.${t}`, [target.at]);
    case 'move-all':
      return run(`update ${table.sql} set ${t} = $1`, [tenant]);
    case 'update-all':
      return run(`update ${table.sql} set ${t} = ${t}`);
    case 'delete-all':
      return run(`delete from ${table.sql}`);
  }
}

/**
 * INSERT of a copy of a row; unless `keepKey`, defaulted key columns are left out and otherwise one
 * key column gets a fresh value (see fresh-keys.ts), so the copy is a new row rather than a
 * duplicate. The tenant and user columns are always written, defaults or not: a tenant column
 * defaulting to the context's tenant would otherwise put the copy in the actor's own tenant. A kept
 * identity-ALWAYS key is written with OVERRIDING SYSTEM VALUE: without it an upsert could never
 * meet the row it aims at, and would only insert.
 */
function insertCopy(run: Run, table: TenantTable, json: Record<string, unknown>, suffix: string, keepKey = false): Promise<StatementOutcome> {
  const row = { ...json };
  const isKey = (c: TenantColumnInfo) => table.primaryKey.includes(c.name);
  const isScope = (c: TenantColumnInfo) => c.name === table.tenantColumn || c.name === table.userColumn;
  const overrides = keepKey && table.columns.some((c) => c.identityAlways && isKey(c));
  const minted = keepKey ? undefined : mintedKeyColumn(table);
  if (minted && !table.newKey) row[minted.name] = freshKeyValue(minted, row[minted.name]);
  const columns = table.columns.filter(
    (c) => (overrides && c.identityAlways && isKey(c)) || (!c.generated && (keepKey || isScope(c) || !isKey(c) || !c.hasDefault)),
  );
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  // A declared key is minted by its SQL expression in place of the copied value.
  const values = columns.map((c) => (c === minted && table.newKey ? `(${table.newKey})` : quoteIdent(c.name))).join(', ');
  return run(
    `insert into ${table.sql} (${list})${overrides ? ' overriding system value' : ''} select ${values} from jsonb_populate_record(null::${table.sql}, $1::jsonb)${suffix}`,
    [JSON.stringify(row)],
  );
}

/**
 * An insert or upsert, and how many rows it created or changed outside tenant `own`: judged by
 * where they landed, since a row created in the actor's own tenant (a trigger stamping the
 * context's tenant, say) is no finding whatever the row count. The probe is rolled back, so the
 * admin connection never sees them: they are read back with RETURNING (an upsert's `met` row is the
 * one it aimed at). RETURNING is held to the SELECT policies, so its refusal where the plain
 * statement succeeds means the rows landed where the actor cannot see; without SELECT rights the
 * tenant written decides.
 */
export async function landedOutside(run: Run, table: TenantTable, kind: 'insert' | 'upsert', target: RowRef, tenant: string, own: string) {
  if (table.can.select) {
    const read = await write(run, table, kind, target, tenant, ` returning ${quoteIdent(table.tenantColumn)}::text as tenant, xmax <> 0 as met`);
    if (read.ok) return { outcome: read, outside: read.rows.filter((r) => r.met || r.tenant !== own).length };
  }
  const outcome = await write(run, table, kind, target, tenant);
  return { outcome, outside: outcome.ok && (table.can.select || tenant !== own) ? outcome.rowCount : 0 };
}

/**
 * The tenant an upsert aimed at `victim`'s row writes into its copy: the actor's own, which moves
 * the row if the statement gets through, unless the tenant column is part of the key, where only
 * the victim's tenant makes ON CONFLICT meet the row (with the actor's the copy is a new row of its
 * own tenant, a rightful insert).
 */
export function upsertTenant(table: TenantTable, actorTenant: string, victimTenant: string): string {
  return table.primaryKey.includes(table.tenantColumn) ? victimTenant : actorTenant;
}

/** The write outcome as evidence text. */
export function describeOutcome(o: StatementOutcome): string {
  return o.ok ? `succeeded, ${o.rowCount} row(s)` : `refused (${o.code ?? 'error'}: ${o.error})`;
}
