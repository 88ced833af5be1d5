/**
 * Creates tenants and users through the contract's hooks on the admin connection. Names and emails
 * come from the filler generator (filler.ts); ids are generated here unless the hook returns its own
 * (integer or opaque ids), because the database is the authority on identity.
 */
import { randomUUID } from 'node:crypto';
import { filler } from './filler.ts';
import pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import { ProvisioningError } from '../errors/index.ts';
import type { TenantRecord, UserRecord } from './world.ts';

type Hook = ResolvedConfig['provisioning']['createTenant'];

async function runHook(admin: pg.ClientBase, hook: Hook, entity: Record<string, unknown>, what: string): Promise<string> {
  try {
    if (typeof hook === 'function') {
      const id = await hook(admin, entity);
      return id === undefined ? String(entity.id) : String(id);
    }
    const { rows } = await admin.query(hook.sql, hook.params(entity));
    const returned = returnedId(rows[0]);
    return returned === undefined || returned === null ? String(entity.id) : String(returned);
  } catch (cause) {
    throw new ProvisioningError('PROVISIONING_FAILED', `provisioning.${what} failed for ${JSON.stringify(entity)}: ${(cause as Error).message}`, { cause });
  }
}

/** The id a provisioning statement returned: its `id` column, else its only column. */
export function returnedId(row: Record<string, unknown> | undefined): unknown {
  if (!row) return undefined;
  if ('id' in row) return row.id;
  const columns = Object.values(row);
  return columns.length === 1 ? columns[0] : undefined;
}

/**
 * Creates the tenants and their users, and then the declared platform owners (in the first
 * tenant, through the same `createUser` hook, with the platform-owner role).
 */
export async function provisionIdentities(
  adminUrl: string,
  provisioning: ResolvedConfig['provisioning'],
  platformOwner?: ResolvedConfig['platformOwner'],
): Promise<{ tenants: TenantRecord[]; users: UserRecord[]; platformOwners: UserRecord[] }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const tenants: TenantRecord[] = [];
  const users: UserRecord[] = [];
  const platformOwners: UserRecord[] = [];
  try {
    await admin.query('begin');
    for (let t = 0; t < provisioning.tenants; t++) {
      const tenant = { id: randomUUID(), name: filler.companyName(), index: t };
      tenants.push({ ...tenant, id: await runHook(admin, provisioning.createTenant, tenant, 'createTenant') });
      for (let u = 0; u < provisioning.usersPerTenant; u++) {
        const first = filler.firstName();
        const last = filler.lastName();
        const user = {
          id: randomUUID(),
          tenantId: tenants[t]!.id,
          email: filler.email(first, last, `t${t}.example.test`),
          name: `${first} ${last}`,
          role: provisioning.roles[u % provisioning.roles.length]!,
          index: users.length,
          tenantIndex: t,
        };
        users.push({ ...user, id: await runHook(admin, provisioning.createUser, user, 'createUser') });
      }
    }
    for (let p = 0; p < (platformOwner?.users ?? 0); p++) {
      const first = filler.firstName();
      const last = filler.lastName();
      const owner = {
        id: randomUUID(),
        tenantId: tenants[0]!.id,
        email: filler.email(first, last, 'platform.example.test'),
        name: `${first} ${last}`,
        role: platformOwner!.role,
        index: p,
        tenantIndex: 0,
      };
      platformOwners.push({ ...owner, id: await runHook(admin, provisioning.createUser, owner, 'createUser (platform owner)') });
    }
    await admin.query('commit');
  } catch (error) {
    await admin.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await admin.end();
  }
  return { tenants, users, platformOwners };
}
