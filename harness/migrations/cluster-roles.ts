/**
 * Roles are cluster-wide, databases are not: a migration that creates a role can be applied once
 * per server, yet MIG-3 applies the migrations again to databases of its own beside the run's, on
 * the same server. Statements about a role that exists already (the run's own migrations made
 * it) are left out there, and not only CREATE: an ALTER or DROP ROLE would change the role the
 * running target logs in as. The policy snapshot MIG-3 compares names roles and nothing more.
 */
import { parseSync } from 'libpg-query';
import type pg from 'pg';

type Node = Record<string, any>;

/** The role a statement creates, alters or drops, or undefined for any other statement. */
function rolesActedOn(stmt: Node): string[] | undefined {
  if (stmt.CreateRoleStmt) return [String(stmt.CreateRoleStmt.role)];
  const spec = (stmt.AlterRoleStmt ?? stmt.AlterRoleSetStmt)?.role as Node | undefined;
  if (spec) return spec.rolename ? [String(spec.rolename)] : undefined;
  if (stmt.DropRoleStmt) return (stmt.DropRoleStmt.roles as Node[]).map((r) => String(r.RoleSpec?.rolename));
  return undefined;
}

export interface RoleAwareSql {
  /** The file's statements without those about roles in `existing`. */
  sql: string;
  /** Roles the remaining statements create, for the caller to drop when done. */
  creates: string[];
}

/** Drops from `sql` (a migration file; parser loaded first) the statements about roles in `existing`. */
export function withoutExistingRoles(sql: string, existing: ReadonlySet<string>): RoleAwareSql {
  const bytes = Buffer.from(sql, 'utf8');
  const kept: string[] = [];
  const creates: string[] = [];
  let skipped = false;
  for (const s of parseSync(sql).stmts as Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }>) {
    const start = s.stmt_location ?? 0;
    const text = bytes.subarray(start, s.stmt_len ? start + s.stmt_len : bytes.length).toString('utf8');
    const roles = rolesActedOn(s.stmt);
    if (roles?.some((r) => existing.has(r))) {
      skipped = true;
      continue;
    }
    if (s.stmt.CreateRoleStmt) creates.push(...roles!);
    kept.push(text);
  }
  // Untouched files are applied byte for byte, as the run applied them.
  return { sql: skipped ? kept.join(';\n') : sql, creates };
}

/** Role names on the server (cluster-wide). */
export async function serverRoles(client: pg.ClientBase): Promise<Set<string>> {
  const { rows } = await client.query<{ rolname: string }>('select rolname from pg_roles');
  return new Set(rows.map((r) => r.rolname));
}

/** Drops `roles` once nothing of theirs is left (their databases dropped); returns the failures. */
export async function dropRoles(client: pg.ClientBase, roles: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const role of roles)
    await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`).catch((e: Error) => failed.push(`${role}: ${e.message}`));
  return failed;
}
