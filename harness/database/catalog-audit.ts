/**
 * The catalog audit (DB-6): reads Postgres's own catalog and returns one finding per object that
 * weakens row-level security, each naming the statement that fixes it. Policy expressions are
 * read with the real Postgres parser (libpg-query), so "constrains the tenant column" is judged on
 * the expression tree, not on its text.
 */
import { parse } from 'libpg-query';
import type pg from 'pg';
import { quoteIdent } from '../suite/operations.ts';
import type { TenantTable } from './tenant-tables.ts';

/** One weakness of one catalog object, with the statement that repairs it. */
export interface CatalogFinding {
  object: string;
  kind: 'table' | 'policy' | 'view' | 'function' | 'grant' | 'role';
  problem: string;
  fix: string;
}

interface PolicyRow {
  table: string;
  policy: string;
  cmd: string;
  permissive: string;
  qual: string | null;
  with_check: string | null;
}

/** Audits the tenant tables and everything over them; returns findings (empty when clean). */
export async function auditCatalog(admin: pg.Pool, tables: readonly TenantTable[], tenantSetting: string): Promise<CatalogFinding[]> {
  const findings: CatalogFinding[] = [];
  const oids = tables.map((t) => t.sql);
  const predicate = (t: TenantTable) =>
    `${quoteIdent(t.tenantColumn)} = nullif(current_setting('${tenantSetting}', true), '')::${t.columns.find((c) => c.name === t.tenantColumn)?.type ?? 'text'}`;
  for (const t of tables) {
    if (t.exemptReason !== undefined)
      findings.push({
        object: t.name,
        kind: 'table',
        problem: `declared exempt ("${t.exemptReason}") but carries the tenant column ${t.tenantColumn}, so it is audited as a tenant table`,
        fix: `remove ${t.name} from database.exempt, or its ${t.tenantColumn} column from the table`,
      });
    // A partition the role cannot name in a statement is reached only through its parent, whose
    // policies apply; one it can name is checked against its own policies alone.
    if (t.partition && !directlyReachable(t)) continue;
    if (!t.rlsEnabled)
      findings.push({ object: t.name, kind: 'table', problem: 'row-level security is not enabled', fix: `ALTER TABLE ${t.sql} ENABLE ROW LEVEL SECURITY` });
    if (!t.rlsForced)
      findings.push({
        object: t.name,
        kind: 'table',
        problem: 'row-level security is not forced (the owner bypasses it)',
        fix: `ALTER TABLE ${t.sql} FORCE ROW LEVEL SECURITY`,
      });
  }
  const { rows: policies } = await admin.query<PolicyRow>(
    `select c.oid::regclass::text as table, p.polname as policy, p.polcmd::text as cmd, case when p.polpermissive then 'permissive' else 'restrictive' end as permissive,
            pg_get_expr(p.polqual, p.polrelid) as qual, pg_get_expr(p.polwithcheck, p.polrelid) as with_check
       from pg_policy p join pg_class c on c.oid = p.polrelid where c.oid = any($1::regclass[]) order by 1, 2`,
    [oids],
  );
  for (const t of tables) {
    const own = policies.filter((p) => p.table === t.sql || p.table === t.table || p.table === t.name);
    // A partition without policies refuses what names it and serves its parent's queries: fail closed.
    if (t.rlsEnabled && own.length === 0 && !t.partition)
      findings.push({
        object: t.name,
        kind: 'table',
        problem: 'no policy (every statement is refused, or the table was forgotten)',
        fix: `CREATE POLICY ${t.table}_tenant ON ${t.sql} USING (${predicate(t)}) WITH CHECK (${predicate(t)})`,
      });
    for (const p of own) {
      const name = `${t.name}.${p.policy}`;
      const on = `${quoteIdent(p.policy)} ON ${t.sql}`;
      const permissive = p.permissive === 'permissive';
      for (const [clause, expr] of [
        ['USING', p.qual],
        ['WITH CHECK', p.with_check],
      ] as const) {
        if (expr === null) continue;
        const weakness = permissive ? await tenantWeakness(expr, t.tenantColumn) : undefined;
        if (weakness)
          findings.push({
            object: name,
            kind: 'policy',
            problem: `${clause} (${expr}) ${weakness}`,
            fix: `ALTER POLICY ${on} ${clause === 'USING' ? 'USING' : 'WITH CHECK'} (${predicate(t)})`,
          });
      }
      if (permissive && p.with_check === null && writes(t, p.cmd)) {
        // Without WITH CHECK, Postgres checks new rows against USING (FOR ALL and FOR UPDATE), so
        // the omission matters only where USING is weak; an INSERT policy has no USING to fall back on.
        const weakness = p.qual === null ? 'admits any new row' : await tenantWeakness(p.qual, t.tenantColumn);
        if (weakness)
          findings.push({
            object: name,
            kind: 'policy',
            problem:
              p.qual === null
                ? `INSERT policy has no WITH CHECK, so it ${weakness}`
                : `no WITH CHECK, so new rows are checked against USING (${p.qual}), which ${weakness}`,
            fix: `ALTER POLICY ${on} WITH CHECK (${predicate(t)})`,
          });
      }
    }
  }
  const { rows: publicGrants } = await admin.query<{ table: string; privilege: string }>(
    `select c.oid::regclass::text as table, a.privilege_type as privilege from pg_class c cross join aclexplode(c.relacl) a
      where c.oid = any($1::regclass[]) and a.grantee = 0`,
    [oids],
  );
  for (const g of publicGrants)
    findings.push({ object: g.table, kind: 'grant', problem: `${g.privilege} granted to PUBLIC`, fix: `REVOKE ${g.privilege} ON ${g.table} FROM PUBLIC` });
  const { rows: views } = await admin.query<{ view: string }>(
    `select distinct v.oid::regclass::text as view from pg_class v join pg_rewrite r on r.ev_class = v.oid join pg_depend d on d.objid = r.oid and d.classid = 'pg_rewrite'::regclass
      where v.relkind = 'v' and d.refobjid = any($1::regclass[]) and d.refobjid <> v.oid
        and not coalesce(exists (select 1 from unnest(v.reloptions) o where o in ('security_invoker=true', 'security_invoker=on', 'security_invoker=1')), false)`,
    [oids],
  );
  for (const v of views)
    findings.push({
      object: v.view,
      kind: 'view',
      problem: "view over a tenant table runs with its owner's rights (not security_invoker)",
      fix: `ALTER VIEW ${v.view} SET (security_invoker = on)`,
    });
  const { rows: definers } = await admin.query<{ fn: string }>(
    `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        and not coalesce(exists (select 1 from unnest(p.proconfig) c where c like 'search\\_path=%'), false)`,
  );
  for (const f of definers)
    findings.push({
      object: f.fn,
      kind: 'function',
      problem: 'SECURITY DEFINER function does not pin search_path',
      fix: `ALTER FUNCTION ${f.fn} SET search_path = pg_catalog, pg_temp`,
    });
  return findings;
}

/** Whether the statement role may name the table in a statement at all (any privilege, on any column). */
function directlyReachable(t: TenantTable): boolean {
  return t.canSome.select || t.canSome.insert || t.canSome.update || t.can.delete || t.can.truncate;
}

/** Whether the statement role may write new rows through a policy for `cmd` (polcmd: a insert, w update, * all). */
function writes(t: TenantTable, cmd: string): boolean {
  if (cmd === 'a') return t.canSome.insert;
  if (cmd === 'w') return t.canSome.update;
  return cmd === '*' && (t.canSome.insert || t.canSome.update);
}

/**
 * Why an expression fails to constrain the tenant column, or undefined: it must mention the column
 * on every branch of a top-level OR, so `true` and `setting IS NULL OR ...` (fail open) are caught.
 */
async function tenantWeakness(expr: string, tenantColumn: string): Promise<string | undefined> {
  const tree = (await parse(`SELECT ${expr}`)) as { stmts: Array<{ stmt: { SelectStmt: { targetList: Array<{ ResTarget: { val: unknown } }> } } }> };
  const root = tree.stmts[0]!.stmt.SelectStmt.targetList[0]!.ResTarget.val;
  const branches = orBranches(root);
  const open = branches.filter((b) => !mentionsColumn(b, tenantColumn));
  if (open.length === 0) return undefined;
  return branches.length === 1 ? `does not constrain ${tenantColumn}` : `has ${open.length} OR branch(es) that do not constrain ${tenantColumn} (fails open)`;
}

function orBranches(node: unknown): unknown[] {
  const bool = (node as { BoolExpr?: { boolop: string; args: unknown[] } }).BoolExpr;
  return bool?.boolop === 'OR_EXPR' ? bool.args.flatMap(orBranches) : [node];
}

function mentionsColumn(node: unknown, column: string): boolean {
  if (Array.isArray(node)) return node.some((n) => mentionsColumn(n, column));
  if (node === null || typeof node !== 'object') return false;
  const ref = (node as { ColumnRef?: { fields: Array<{ String?: { sval: string } }> } }).ColumnRef;
  if (ref) return ref.fields.at(-1)?.String?.sval === column;
  return Object.values(node).some((v) => mentionsColumn(v, column));
}
