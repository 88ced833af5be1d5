/**
 * Seeds every declared resource as its rightful owner, each row carrying a fresh canary: through
 * the target's own API, or for a read-only resource through the contract's `seed` on the admin
 * connection. Parents come before the resources nested under them, and each child is created
 * under one of its owner's parents. The created rows are then read back from the admin side, so
 * the world records what the database holds and not what the API claimed.
 */
import { filler } from './filler.ts';
import pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import { ProvisioningError } from '../errors/index.ts';
import { makeCanary } from '../checks/canaries.ts';
import { matches } from '../checks/expectation.ts';
import { actorClaims } from '../config/actor-claims.ts';
import { storedKey } from '../config/stored-key.ts';
import { HttpClient } from '../http/client.ts';
import { withCredentials } from '../http/credentials.ts';
import { mintToken, type IdentityHandle } from '../identity/index.ts';
import { seedRow } from './seed-row.ts';
import type { ResourceRecord, UserRecord } from './world.ts';

export interface ResourceProvisioning {
  config: ResolvedConfig;
  baseUrl: string;
  adminUrl: string;
  identity: IdentityHandle;
  users: UserRecord[];
}

/** Resource names in rounds: each round's parents were all made in an earlier round. */
export function provisioningRounds(resources: ResolvedConfig['resources']): string[][] {
  const depth = (name: string): number => {
    const parent = resources[name]?.parent?.resource;
    return parent ? 1 + depth(parent) : 0;
  };
  const rounds: string[][] = [];
  for (const name of Object.keys(resources)) (rounds[depth(name)] ??= []).push(name);
  return rounds.filter(Boolean);
}

export async function provisionResources(p: ResourceProvisioning): Promise<ResourceRecord[]> {
  const http = new HttpClient(p.baseUrl, 4);
  const admin = new pg.Client({ connectionString: p.adminUrl });
  await admin.connect();
  const { transport, ttlSeconds } = p.config.identity;
  const created: ResourceRecord[] = [];
  try {
    for (const round of provisioningRounds(p.config.resources)) {
      for (const user of p.users) {
        const token = await mintToken(p.identity, actorClaims(p.config.identity, user), { ttlSeconds });
        const jobs = round.flatMap((type) => {
          const contract = p.config.resources[type]!;
          const parents = contract.parent ? created.filter((r) => r.type === contract.parent!.resource && r.ownerId === user.id) : [];
          return Array.from({ length: p.config.provisioning.resourcesPerUser }, async (_, n): Promise<ResourceRecord> => {
            const canary = makeCanary(user.tenantIndex, user.index);
            const parentId = contract.parent ? parents[n % parents.length]?.id : undefined;
            if (contract.parent && parentId === undefined)
              throw new ProvisioningError('PROVISIONING_FAILED', `no ${contract.parent.resource} of ${user.email} to nest ${type} under`);
            const args = { actor: user, canary, text: filler.sentence(), ...(parentId === undefined ? {} : { parentId }) };
            const record = { type, tenantId: user.tenantId, ownerId: user.id, canary, ...(parentId === undefined ? {} : { parentId }) };
            if (!contract.create) return { ...record, id: await seedRow(admin, contract, type, args) };
            const req = contract.create.request(args);
            const res = await http.send(withCredentials(req, transport, token));
            const id = contract.create.id(res);
            if (!matches(contract.create.succeeded ?? p.config.expectations.succeeded, res) || id === undefined) {
              throw new ProvisioningError(
                'PROVISIONING_FAILED',
                `creating ${type} as ${user.email} through ${req.method} ${req.path} failed: ${res.status} ${res.text.slice(0, 300)}`,
              );
            }
            return { ...record, id: String(id) };
          });
        });
        created.push(...(await Promise.all(jobs)));
      }
    }
    await verifyStored(p, admin, created);
  } finally {
    await Promise.allSettled([http.close(), admin.end()]);
  }
  return created;
}

/**
 * Reads each seeded row back as admin: it must exist and hold its canary, or no check can see a
 * leak; a nested row must also sit under the parent it was created under.
 */
async function verifyStored(p: ResourceProvisioning, admin: pg.Client, resources: ResourceRecord[]): Promise<void> {
  const table = (name: string) =>
    name
      .split('.')
      .map((s) => admin.escapeIdentifier(s))
      .join('.');
  for (const [type, contract] of Object.entries(p.config.resources)) {
    const mine = resources.filter((r) => r.type === type);
    const parentColumn = contract.parent ? `${admin.escapeIdentifier(contract.parent.column)}::text` : 'null';
    const { rows } = await admin.query<{ id: string; parent: string | null; row: string }>(
      `select ${admin.escapeIdentifier(contract.idColumn)}::text as id, ${parentColumn} as parent, row_to_json(t)::text as row from ${table(contract.table)} t`,
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const r of mine) {
      const row = stored.get(storedKey(contract, type, r.id));
      if (!row?.row.includes(r.canary)) {
        throw new ProvisioningError(
          'PROVISIONING_UNVERIFIED',
          `${type} ${r.id} ${contract.create ? 'created through the API' : 'seeded'} is not in table ${contract.table} with its canary (check resources.${type}.table, idColumn, storedId and that ${contract.create ? 'create' : 'seed'} stores the canary)`,
        );
      }
      if (contract.parent && r.parentId !== undefined) {
        const parentKey = storedKey(p.config.resources[contract.parent.resource]!, contract.parent.resource, r.parentId);
        if (row.parent !== parentKey)
          throw new ProvisioningError(
            'PROVISIONING_UNVERIFIED',
            `${type} ${r.id} was created under ${contract.parent.resource} ${r.parentId} but its ${contract.parent.column} holds ${row.parent ?? 'null'} (check resources.${type}.parent.column)`,
          );
      }
    }
  }
}
