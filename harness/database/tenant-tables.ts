/**
 * Tenant tables as the catalog knows them: every table or partition carrying the tenant column,
 * with its columns, key, RLS flags and what the application role may do with it. Discovered, not
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
}

export interface TenantTable {
  /** Schema-qualified, quoted: safe to splice into SQL. */
  sql: string;
  /** `schema.table` for reports. */
  name: string;
  table: string;
  owner: string;
  partition: boolean;
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
}

const QUERY = `
select c.oid, n.nspname as schema, c.relname as table,
       (select a.attname from pg_attribute a join unnest($1::text[]) with ordinality k(name, i) on k.name = a.attname
         where a.attrelid = c.oid and not a.attisdropped order by k.i limit 1) as tenant_column, pg_get_userbyid(c.relowner) as owner, c.relispartition as partition,
       c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced,
       has_table_privilege($2, c.oid, 'SELECT') as can_select, has_table_privilege($2, c.oid, 'INSERT') as can_insert,
       has_table_privilege($2, c.oid, 'UPDATE') as can_update, has_table_privilege($2, c.oid, 'DELETE') as can_delete,
       has_table_privilege($2, c.oid, 'TRUNCATE') as can_truncate,
       (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                'hasDefault', a.atthasdef or a.attidentity <> '', 'generated', a.attgenerated <> '' or a.attidentity = 'a', 'identityAlways', a.attidentity = 'a') order by a.attnum)
          from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
       (select json_agg(a.attname order by k.i) from pg_constraint p cross join unnest(p.conkey) with ordinality k(attnum, i)
          join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum where p.conrelid = c.oid and p.contype = 'p') as primary_key,
       (select p.conname from pg_constraint p where p.conrelid = c.oid and p.contype = 'p') as primary_key_constraint
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
   and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = any($1::text[]) and not a.attisdropped)
 order by n.nspname, c.relname`;

interface Row {
  schema: string;
  table: string;
  tenant_column: string;
  owner: string;
  partition: boolean;
  rls_enabled: boolean;
  rls_forced: boolean;
  can_select: boolean;
  can_insert: boolean;
  can_update: boolean;
  can_delete: boolean;
  can_truncate: boolean;
  columns: TenantColumnInfo[];
  primary_key: string[] | null;
  primary_key_constraint: string | null;
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
  const { rows } = await admin.query<Row>(QUERY, [tenantColumnNames(config), statementRole(config)]);
  const declared = Object.values(config.resources);
  return rows.map((r) => {
    const resource = declared.find((d) => d.table === r.table || d.table === `${r.schema}.${r.table}`);
    const userColumn = resource?.scope === 'user' ? (resource.userColumn ?? config.database.userColumn) : undefined;
    return {
      sql: `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`,
      name: `${r.schema}.${r.table}`,
      table: r.table,
      owner: r.owner,
      partition: r.partition,
      tenantColumn: resource?.tenantColumn ?? r.tenant_column,
      userColumn,
      declared: resource !== undefined,
      columns: r.columns,
      primaryKey: r.primary_key ?? [],
      primaryKeyConstraint: r.primary_key_constraint ?? undefined,
      rlsEnabled: r.rls_enabled,
      rlsForced: r.rls_forced,
      can: { select: r.can_select, insert: r.can_insert, update: r.can_update, delete: r.can_delete, truncate: r.can_truncate },
    };
  });
}

/** Resource tables the contract declares that the catalog does not show with the tenant column. */
export function undiscoveredResourceTables(tables: readonly TenantTable[], config: ResolvedConfig): string[] {
  return Object.values(config.resources)
    .map((r) => r.table)
    .filter((t) => !tables.some((d) => d.table === t || d.name === t));
}
