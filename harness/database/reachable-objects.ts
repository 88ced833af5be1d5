/**
 * The objects through which the application role can read data with someone else's rights: views
 * (and materialized views, which have no row-level security at all) over tenant tables, and
 * SECURITY DEFINER functions. Only those it may actually use are returned.
 */
import type pg from 'pg';
import type { Run, StatementOutcome } from './app-session.ts';
import type { TenantTable } from './tenant-tables.ts';

export interface ReachableView {
  /** As `regclass` prints it: safe to splice into SQL. */
  name: string;
  materialized: boolean;
}

export interface ReachableFunction {
  /** `schema.name(argtypes)`, for reports. */
  signature: string;
  /** Schema-qualified, quoted name: `callee($1::type, ...)` calls it. */
  callee: string;
  /** Input argument types as `format_type` prints them (castable spellings). */
  argTypes: string[];
  /** Trigger functions cannot be called directly. */
  trigger: boolean;
  variadic: boolean;
}

/** Views the role may SELECT that read a tenant table, directly or through other views. */
export async function reachableViews(admin: pg.Pool, role: string, tables: readonly TenantTable[]): Promise<ReachableView[]> {
  const { rows } = await admin.query<ReachableView>(
    `with recursive over(oid) as (
       select unnest($2::regclass[])::oid
       union
       select r.ev_class from pg_rewrite r
         join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid and d.refclassid = 'pg_class'::regclass
         join over on d.refobjid = over.oid
        where r.ev_class <> d.refobjid)
     select v.oid::regclass::text as name, v.relkind = 'm' as materialized
       from pg_class v join over on over.oid = v.oid
      where v.relkind in ('v', 'm') and has_schema_privilege($1, v.relnamespace, 'USAGE') and has_table_privilege($1, v.oid, 'SELECT')
      order by 1`,
    [role, tables.map((t) => t.sql)],
  );
  return rows;
}

/** SECURITY DEFINER functions outside system schemas and extensions that the role may EXECUTE. */
export async function reachableDefiners(admin: pg.Pool, role: string): Promise<ReachableFunction[]> {
  const { rows } = await admin.query<ReachableFunction>(
    `select p.oid::regprocedure::text as signature, quote_ident(n.nspname) || '.' || quote_ident(p.proname) as callee,
            coalesce((select array_agg(format_type(a.t, null) order by a.i) from unnest(p.proargtypes::oid[]) with ordinality a(t, i)), '{}') as "argTypes",
            p.prorettype in ('trigger'::regtype, 'event_trigger'::regtype) as trigger, p.provariadic <> 0 as variadic
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and p.prokind = 'f' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
        and has_schema_privilege($1, n.oid, 'USAGE') and has_function_privilege($1, p.oid, 'EXECUTE')
      order by 1`,
    [role],
  );
  return rows;
}

/** Caps what one read or call may return and how long it may run: the output is scanned, not kept. */
const LIMIT = 1000;
const TIMEOUT = `set local statement_timeout = '5s'`;

/** Reads a view as the current session; each row as JSON (`{ row }`). */
export async function readView(run: Run, view: ReachableView): Promise<StatementOutcome> {
  await run(TIMEOUT);
  return run(`select to_jsonb(v) as row from ${view.name} v limit ${LIMIT}`);
}

/** Calls a function with `args` cast to its argument types; each result row as JSON (`{ row }`). */
export async function callFunction(run: Run, fn: ReachableFunction, args: readonly string[]): Promise<StatementOutcome> {
  await run(TIMEOUT);
  return run(`select to_jsonb(r) as row from ${fn.callee}(${fn.argTypes.map((t, i) => `$${i + 1}::${t}`).join(', ')}) r limit ${LIMIT}`, [...args]);
}

/** Whether an outcome returned anything (a scalar function answering NULL returned nothing). */
export function returnedSomething(outcome: StatementOutcome): boolean {
  return outcome.ok && outcome.rows.some((r) => r.row !== null);
}
