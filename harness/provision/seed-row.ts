/**
 * Stores one row of a read-only resource (one the API cannot create: a view, a directory imported
 * by SQL, an audit list) through the contract's `seed`, on the admin connection, and returns the
 * id the API uses for it.
 */
import type pg from 'pg';
import type { ResourceContract, WriteArgs } from '../config/schema.ts';
import { ProvisioningError } from '../errors/index.ts';
import { returnedId } from './provision-identities.ts';

export async function seedRow(admin: pg.ClientBase, contract: ResourceContract, resource: string, args: WriteArgs): Promise<string> {
  const seed = contract.seed;
  if (!seed) throw new Error(`resource ${resource} declares no seed`);
  let id: unknown;
  try {
    id = typeof seed === 'function' ? await seed(admin, args) : returnedId((await admin.query(seed.sql, seed.params(args))).rows[0]);
  } catch (cause) {
    throw new ProvisioningError('PROVISIONING_FAILED', `resources.${resource}.seed failed for ${args.actor.email}: ${(cause as Error).message}`, { cause });
  }
  if (id === undefined || id === null) {
    throw new ProvisioningError('PROVISIONING_FAILED', `resources.${resource}.seed returned no id (return the row's id: \`returning id\`)`);
  }
  return String(id);
}
