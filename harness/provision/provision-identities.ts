/**
 * Creates tenants and users through the contract's hooks on the admin connection. Names and emails
 * come from the filler generator (filler.ts); ids are generated here unless the hook returns its own
 * (integer or opaque ids), because the database is the authority on identity.
 */
import { randomUUID } from 'node:crypto';
import { filler } from './filler.ts';
import pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import type { ProvisioningHook } from '../config/provisioning-schema.ts';
import { ProvisioningError } from '../errors/index.ts';
import type { TenantRecord, UserRecord } from './world.ts';

/** Runs a hook; resolves to the id the database minted (else the entity's own) and the row a statement returned. */
async function runHook<E extends { id: string }>(
  admin: pg.ClientBase,
  hook: ProvisioningHook<E>,
  entity: E,
  what: string,
): Promise<{ id: string; row?: Record<string, unknown> }> {
  try {
    if (typeof hook === 'function') {
      const id = await hook(admin, entity);
      return { id: id === undefined ? entity.id : String(id) };
    }
    const { rows } = await admin.query(hook.sql, hook.params(entity));
    const returned = returnedId(rows[0]);
    return { id: returned === undefined || returned === null ? entity.id : String(returned), row: rows[0] };
  } catch (cause) {
    throw new ProvisioningError('PROVISIONING_FAILED', `provisioning.${what} failed for ${JSON.stringify(entity)}: ${(cause as Error).message}`, { cause });
  }
}

/** A URL-safe slug of a tenant's name, unique by its index (company names repeat). */
export function slugOf(name: string, index: number): string {
  return `${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${index + 1}`;
}

/** The tenant fields of a user in `tenant`. */
const tenantOf = (tenant: TenantRecord) => ({ tenantId: tenant.id, tenantName: tenant.name, tenantSlug: tenant.slug });

/** The id a provisioning statement returned: its `id` column, else its only column. */
export function returnedId(row: Record<string, unknown> | undefined): unknown {
  if (!row) return undefined;
  if ('id' in row) return row.id;
  const columns = Object.values(row);
  return columns.length === 1 ? columns[0] : undefined;
}

/**
 * Creates the tenants and their users, and then the users kept out of `users` (in the first
 * tenant, through the same `createUser` hook): the declared platform owners, with their role, and
 * `limitUsers` members whose per-user budget only RL-6's honest burst spends.
 */
export async function provisionIdentities(
  adminUrl: string,
  provisioning: ResolvedConfig['provisioning'],
  platformOwner?: ResolvedConfig['platformOwner'],
  limitUsers = 0,
): Promise<{ tenants: TenantRecord[]; users: UserRecord[]; platformOwners: UserRecord[]; limitUsers: UserRecord[] }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const tenants: TenantRecord[] = [];
  const users: UserRecord[] = [];
  try {
    await admin.query('begin');
    for (let t = 0; t < provisioning.tenants; t++) {
      const name = filler.companyName();
      const tenant = { id: randomUUID(), name, slug: slugOf(name, t), index: t };
      const made = await runHook(admin, provisioning.createTenant, tenant, 'createTenant');
      const slug = made.row?.slug;
      tenants.push({ ...tenant, id: made.id, ...(typeof slug === 'string' && slug !== '' ? { slug } : {}) });
      for (let u = 0; u < provisioning.usersPerTenant; u++) {
        const user = newUser(tenants[t]!, provisioning.roles[u % provisioning.roles.length]!, `t${t}.example.test`, users.length);
        users.push({ ...user, id: (await runHook(admin, provisioning.createUser, user, 'createUser')).id });
      }
    }
    const outsiders = async (count: number, role: string, domain: string, what: string) => {
      const made: UserRecord[] = [];
      for (let i = 0; i < count; i++) {
        const user = newUser(tenants[0]!, role, domain, i);
        made.push({ ...user, id: (await runHook(admin, provisioning.createUser, user, `createUser (${what})`)).id });
      }
      return made;
    };
    const platformOwners = await outsiders(platformOwner?.users ?? 0, platformOwner?.role ?? '', 'platform.example.test', 'platform owner');
    const limited = await outsiders(limitUsers, provisioning.roles[0]!, 'limits.example.test', 'limit user');
    await admin.query('commit');
    return { tenants, users, platformOwners, limitUsers: limited };
  } catch (error) {
    await admin.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await admin.end();
  }
}

/** A user of `tenant` with filler names, `index` its place in the list it joins. */
function newUser(tenant: TenantRecord, role: string, domain: string, index: number): UserRecord {
  const first = filler.firstName();
  const last = filler.lastName();
  return { id: randomUUID(), ...tenantOf(tenant), email: filler.email(first, last, domain), name: `${first} ${last}`, role, index, tenantIndex: tenant.index };
}
