/**
 * What the catalog says about the application role's way around row-level security (DB-5): the
 * attributes that skip it, the roles it can become, the tables whose ownership skips it, and the
 * one table privilege that ignores it.
 */
import pg from 'pg';
import type { CatalogFinding } from './catalog-audit.ts';
import type { TenantTable } from './tenant-tables.ts';

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  /** A role it is a member of (so may SET ROLE to) that is superuser or BYPASSRLS. */
  via: Array<{ role: string; superuser: boolean; bypassrls: boolean }>;
  /** Owners of tenant tables whose privileges it has (it is the owner, or inherits the owner's rights). */
  owners: string[];
}

/** Whether the role exists at all: without it the audit could not see anything. */
export async function appRoleExists(admin: pg.Pool, role: string): Promise<boolean> {
  const { rowCount } = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
  return (rowCount ?? 0) > 0;
}

/**
 * Findings about `role` (the contract's application role) and the tenant tables; the tables' own
 * privileges (`tables[].can`) are those of the role statements run as, so `ownsPrivileges` says
 * whether they are `role`'s.
 */
export async function auditAppRole(admin: pg.Pool, role: string, tables: readonly TenantTable[], ownsPrivileges = true): Promise<CatalogFinding[]> {
  const { rows } = await admin.query<RoleRow>(
    `select r.rolname, r.rolsuper, r.rolbypassrls,
            coalesce((select json_agg(json_build_object('role', m.rolname, 'superuser', m.rolsuper, 'bypassrls', m.rolbypassrls) order by m.rolname)
                        from pg_roles m where m.oid <> r.oid and (m.rolsuper or m.rolbypassrls) and pg_has_role(r.oid, m.oid, 'MEMBER')), '[]') as via,
            coalesce((select json_agg(o order by o) from unnest($2::text[]) o where pg_has_role(r.oid, o, 'USAGE')), '[]') as owners
       from pg_roles r where r.rolname = $1`,
    [role, [...new Set(tables.map((t) => t.owner))]],
  );
  const r = rows[0];
  if (!r) return [];
  const name = pg.escapeIdentifier(role);
  const findings: CatalogFinding[] = [];
  if (r.rolsuper)
    findings.push({ object: role, kind: 'role', problem: 'is a superuser: row-level security never applies to it', fix: `ALTER ROLE ${name} NOSUPERUSER` });
  if (r.rolbypassrls)
    findings.push({ object: role, kind: 'role', problem: 'has BYPASSRLS: row-level security never applies to it', fix: `ALTER ROLE ${name} NOBYPASSRLS` });
  for (const m of r.via) {
    const what = [m.superuser && 'SUPERUSER', m.bypassrls && 'BYPASSRLS'].filter(Boolean).join(' and ');
    findings.push({
      object: role,
      kind: 'role',
      problem: `is a member of ${m.role}, which has ${what} (SET ROLE ${m.role} escapes row-level security)`,
      fix: `REVOKE ${pg.escapeIdentifier(m.role)} FROM ${name}`,
    });
  }
  for (const t of tables) {
    if (!t.rlsForced && r.owners.includes(t.owner)) {
      const how = t.owner === role ? 'owns it' : `has the rights of its owner ${t.owner}`;
      findings.push({
        object: t.name,
        kind: 'table',
        problem: `${role} ${how} and row-level security is not forced, so its policies do not apply to ${role}`,
        fix: `ALTER TABLE ${t.sql} FORCE ROW LEVEL SECURITY (better: ALTER TABLE ${t.sql} OWNER TO a role ${role} is not a member of)`,
      });
    }
    // TRUNCATE is not subject to row-level security: holding it empties every tenant's rows.
    if (ownsPrivileges && t.can.truncate)
      findings.push({
        object: t.name,
        kind: 'grant',
        problem: `${role} may TRUNCATE it, which ignores row-level security and removes every tenant's rows`,
        fix: `REVOKE TRUNCATE ON ${t.sql} FROM ${name} (and from PUBLIC or the role that passes it on)`,
      });
  }
  return findings;
}
