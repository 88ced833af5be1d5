import pg from 'pg';
import { TenantproofError } from '../errors/index.ts';

/**
 * Ensures the application role exists as the contract declares it (login, password), and never as
 * a superuser or with BYPASSRLS: the harness must not hand the target more power than production.
 * A role the migrations create (`create: false`) is taken as they made it: it only gets the
 * contract's password and CONNECT, so this runs after them.
 */
export async function ensureAppRole(adminUrl: string, database: string, role: { name: string; password: string; create: boolean }): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const ident = client.escapeIdentifier(role.name);
    const password = client.escapeLiteral(role.password);
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
    if (!rowCount && !role.create)
      throw new TenantproofError(
        'APP_ROLE_MISSING',
        `database.appRole "${role.name}" has create: false, but the migrations did not create it (create it there, or set create: true)`,
      );
    if (!rowCount) await client.query(`create role ${ident} login password ${password} nosuperuser nobypassrls nocreatedb nocreaterole`);
    else await client.query(`alter role ${ident} login password ${password}`);
    await client.query(`grant connect on database ${client.escapeIdentifier(database)} to ${ident}`);
  } finally {
    await client.end();
  }
}

/**
 * Makes the server log every statement the application role runs in `database`, and only its: the
 * statement log is what context hygiene (DB-7) reads, and the harness's own traffic would only
 * swell it. `log_statement` is superuser-only, so the role cannot turn it off in its sessions.
 */
export async function logStatementsOf(adminUrl: string, database: string, roleName: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`alter role ${client.escapeIdentifier(roleName)} in database ${client.escapeIdentifier(database)} set log_statement = 'all'`);
  } finally {
    await client.end();
  }
}

/** The same server and database as `adminUrl`, logged in as `role`. */
export function urlAs(adminUrl: string, role: { name: string; password: string }): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(role.name);
  url.password = encodeURIComponent(role.password);
  return url.toString();
}
