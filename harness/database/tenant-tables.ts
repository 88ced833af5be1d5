/**
 * Tenant tables as the catalog knows them: every table or partition carrying the tenant column,
 * and the contract's tenant registry (whose id is its tenant column), with its columns, key, RLS flags and what the application role may do with it. Discovered, not
 * taken from the contract, so a table the contract forgot is still attacked (and reported).
 */
import type pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import { quoteIdent } from '../suite/operations.ts';

export interface TenantColumnInfo {
  name: string;
  type: string;
  /** Has a default (serial, identity, DEFAULT ...): an INSERT may leave it out. */
  hasDefault: boolean;
  /** Generated or identity ALWAYS: an INSERT must leave it out, unless `identityAlways` and it overrides. */
  generated: boolean;
  /** Identity ALWAYS (an integer key, typically): an INSERT may set it only with OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
  /** Part of a foreign key: a made-up value would name a parent row that does not exist. */
  references: boolean;
}

export interface TenantTable {
  /** Schema-qualified, quoted: safe to splice into SQL. */
  sql: string;
  /** `schema.table` for reports. */
  name: string;
  table: string;
  owner: string;
  /** A partition: a query naming it is checked against its own policies, not its parent's. */
  partition: boolean;
  /** A partitioned parent (relkind `p`): it holds no rows itself, so COPY must read it through a query. */
  partitioned: boolean;
  /** The tenant registry (or a partition of it): its tenant column is its id. */
  registry: boolean;
  /** The reason the contract gives for exempting it, although it carries the tenant column. */
  exemptReason?: string;
  /** The contract's SQL expression minting a new key for a copy of a row (`database.newKeys`). */
  newKey?: string;
  tenantColumn: string;
  /** The column naming the owning user when the contract declares the table user-scoped. */
  userColumn?: string;
  /** Declared as a contract resource (so its scope is known, not guessed). */
  declared: boolean;
  columns: TenantColumnInfo[];
  primaryKey: string[];
  primaryKeyConstraint?: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
  /** What the application role may do (has_table_privilege). */
  can: { select: boolean; insert: boolean; update: boolean; delete: boolean; truncate: boolean };
  /** Whether it may do so on some column at least (a column-level GRANT gives no table privilege). */
  canSome: { select: boolean; insert: boolean; update: boolean };
}

const QUERY = `
with registry as (
  select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p') and not c.relispartition and $3::text in (c.relname, n.nspname || '.' || c.relname)
)
select c.oid, n.nspname as schema, c.relname as table, tc.tenant_column, g.registry,
       pg_get_userbyid(c.relowner) as owner, c.relispartition as partition, c.relkind = 'p' as partitioned,
       c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced,
       has_table_privilege($2, c.oid, 'SELECT') as can_select, has_table_privilege($2, c.oid, 'INSERT') as can_insert,
       has_table_privilege($2, c.oid, 'UPDATE') as can_update, has_table_privilege($2, c.oid, 'DELETE') as can_delete,
       has_table_privilege($2, c.oid, 'TRUNCATE') as can_truncate,
       has_any_column_privilege($2, c.oid, 'SELECT') as some_select, has_any_column_privilege($2, c.oid, 'INSERT') as some_insert,
       has_any_column_privilege($2, c.oid, 'UPDATE') as some_update,
       (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                'hasDefault', a.atthasdef or a.attidentity <> '', 'generated', a.attgenerated <> '' or a.attidentity = 'a', 'identityAlways', a.attidentity = 'a',
                'references', exists (select 1 from pg_constraint f where f.conrelid = c.oid and f.contype = 'f' and a.attnum = any (f.conkey))) order by a.attnum)
          from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
       (select json_agg(a.attname order by k.i) from pg_constraint p cross join unnest(p.conkey) with ordinality k(attnum, i)
          join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum where p.conrelid = c.oid and p.contype = 'p') as primary_key,
       (select p.conname from pg_constraint p where p.conrelid = c.oid and p.contype = 'p') as primary_key_constraint,
       (select json_agg(json_build_object('name', an.nspname || '.' || ac.relname, 'table', ac.relname) order by pa.depth)
          from pg_partition_ancestors(c.oid) with ordinality pa(relid, depth)
          join pg_class ac on ac.oid = pa.relid join pg_namespace an on an.oid = ac.relnamespace where pa.relid <> c.oid) as ancestors
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 cross join lateral (select c.oid in (select oid from registry)
                            or exists (select 1 from pg_partition_ancestors(c.oid) a join registry r on r.oid = a.relid) as registry) g
 cross join lateral (select case when g.registry
          then (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attname = $4 and not a.attisdropped)
          else (select a.attname from pg_attribute a join unnest($1::text[]) with ordinality k(name, i) on k.name = a.attname
                 where a.attrelid = c.oid and not a.attisdropped order by k.i limit 1) end as tenant_column) tc
 where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
   and tc.tenant_column is not null
 order by n.nspname, c.relname`;

interface Row {
  schema: string;
  table: string;
  tenant_column: string;
  registry: boolean;
  owner: string;
  partition: boolean;
  partitioned: boolean;
  rls_enabled: boolean;
  rls_forced: boolean;
  can_select: boolean;
  can_insert: boolean;
  can_update: boolean;
  can_delete: boolean;
  can_truncate: boolean;
  some_select: boolean;
  some_insert: boolean;
  some_update: boolean;
  columns: TenantColumnInfo[];
  primary_key: string[] | null;
  primary_key_constraint: string | null;
  /** The partitioned tables it is a partition of, nearest first; null when not a partition. */
  ancestors: Array<{ name: string; table: string }> | null;
}

/**
 * The tenant column names to look for: the database-wide name, then each resource's own. A table
 * carrying several uses the first in this order, unless it is a declared resource, which uses its own.
 */
export function tenantColumnNames(config: ResolvedConfig): string[] {
  return [...new Set([config.database.tenantColumn, ...Object.values(config.resources).flatMap((r) => (r.tenantColumn ? [r.tenantColumn] : []))])];
}

/** The role the service's statements run with: the request role it switches to, or the role it logs in as. */
export function statementRole(config: ResolvedConfig): string {
  return config.database.appRole.requestRole ?? config.database.appRole.name;
}

/**
 * Every table with a tenant column the contract names (database-wide or on a resource), as seen
 * from the admin connection: a contract that names its tenant column only on its resources still
 * gets every table carrying that column attacked.
 */
export async function discoverTenantTables(admin: pg.Pool | pg.ClientBase, config: ResolvedConfig): Promise<TenantTable[]> {
  const { tenantRegistry, exempt, newKeys } = config.database;
  const { rows } = await admin.query<Row>(QUERY, [
    tenantColumnNames(config),
    statementRole(config),
    tenantRegistry?.table ?? null,
    tenantRegistry?.idColumn ?? null,
  ]);
  const declared = Object.values(config.resources);
  return rows.map((r) => {
    const named = { name: `${r.schema}.${r.table}`, table: r.table };
    const resource = declared.find((d) => namesTable(d.table, named));
    const userColumn = resource?.scope === 'user' ? (resource.userColumn ?? config.database.userColumn) : undefined;
    return {
      sql: `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`,
      ...named,
      owner: r.owner,
      partition: r.partition,
      partitioned: r.partitioned,
      registry: r.registry,
      exemptReason: exempt.find((e) => namesTable(e.table, named))?.reason,
      // A partition mints its key as its own entry says, else as the table it is a partition of does.
      newKey: [named, ...(r.ancestors ?? [])].map((l) => Object.entries(newKeys).find(([t]) => namesTable(t, l))?.[1]).find((k) => k !== undefined),
      tenantColumn: (!r.registry && resource?.tenantColumn) || r.tenant_column,
      userColumn,
      declared: resource !== undefined,
      columns: r.columns,
      primaryKey: r.primary_key ?? [],
      primaryKeyConstraint: r.primary_key_constraint ?? undefined,
      rlsEnabled: r.rls_enabled,
      rlsForced: r.rls_forced,
      can: { select: r.can_select, insert: r.can_insert, update: r.can_update, delete: r.can_delete, truncate: r.can_truncate },
      canSome: { select: r.some_select, insert: r.some_insert, update: r.some_update },
    };
  });
}

/** Whether a contract's table name, `schema.table` or bare (any schema), names `table`. */
export function namesTable(declared: string, table: { name: string; table: string }): boolean {
  return declared === table.table || declared === table.name;
}

/**
 * Tables the contract declares as tenant tables (its resources, its tenant registry and the tables
 * it mints keys for) that the catalog does not show with their tenant column.
 */
export function undiscoveredDeclaredTables(tables: readonly TenantTable[], config: ResolvedConfig): string[] {
  const { tenantRegistry, newKeys } = config.database;
  const declared = [...Object.values(config.resources).map((r) => r.table), ...(tenantRegistry ? [tenantRegistry.table] : []), ...Object.keys(newKeys)];
  return [...new Set(declared)].filter((t) => !tables.some((d) => namesTable(t, d)));
}
