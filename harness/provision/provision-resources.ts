/**
 * Seeds every declared resource through the target's own API, as its rightful owner, each carrying
 * a fresh canary; the created rows are then read back from the admin side, so the world records
 * what the database holds and not what the API claimed.
 */
import { faker } from '@faker-js/faker';
import pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import { ProvisioningError } from '../errors.ts';
import { makeCanary } from '../checks/canaries.ts';
import { matches } from '../checks/expectation.ts';
import { actorClaims } from '../config/actor-claims.ts';
import { storedKey } from '../config/stored-key.ts';
import { HttpClient } from '../http/client.ts';
import { withCredentials } from '../http/credentials.ts';
import { mintToken, type IdentityHandle } from '../identity/index.ts';
import type { ResourceRecord, UserRecord } from '../world.ts';

export interface ResourceProvisioning {
  config: ResolvedConfig;
  baseUrl: string;
  adminUrl: string;
  identity: IdentityHandle;
  users: UserRecord[];
}

export async function provisionResources(p: ResourceProvisioning): Promise<ResourceRecord[]> {
  const http = new HttpClient(p.baseUrl, 4);
  const { transport, ttlSeconds } = p.config.identity;
  const created: ResourceRecord[] = [];
  try {
    for (const user of p.users) {
      const token = await mintToken(p.identity, actorClaims(p.config.identity, user), { ttlSeconds });
      const jobs = Object.entries(p.config.resources).flatMap(([type, contract]) =>
        Array.from({ length: p.config.provisioning.resourcesPerUser }, async () => {
          const canary = makeCanary(user.tenantIndex, user.index);
          const req = contract.create.request({ actor: user, canary, text: faker.lorem.sentence() });
          const res = await http.send(withCredentials(req, transport, token));
          const id = contract.create.id(res);
          if (!matches(contract.create.succeeded ?? p.config.expectations.succeeded, res) || id === undefined) {
            throw new ProvisioningError('PROVISIONING_FAILED', `creating ${type} as ${user.email} through ${req.method} ${req.path} failed: ${res.status} ${res.text.slice(0, 300)}`);
          }
          return { type, id: String(id), tenantId: user.tenantId, ownerId: user.id, canary };
        }),
      );
      created.push(...(await Promise.all(jobs)));
    }
  } finally {
    await http.close();
  }
  await verifyStored(p, created);
  return created;
}

/** Reads each seeded row back as admin: it must exist and hold its canary, or no check can see a leak. */
async function verifyStored(p: ResourceProvisioning, resources: ResourceRecord[]): Promise<void> {
  const admin = new pg.Client({ connectionString: p.adminUrl });
  await admin.connect();
  try {
    for (const [type, contract] of Object.entries(p.config.resources)) {
      const mine = resources.filter((r) => r.type === type);
      const { rows } = await admin.query<{ id: string; row: string }>(
        `select ${admin.escapeIdentifier(contract.idColumn)}::text as id, row_to_json(t)::text as row from ${contract.table.split('.').map((s) => admin.escapeIdentifier(s)).join('.')} t`,
      );
      const stored = new Map(rows.map((r) => [r.id, r.row]));
      for (const r of mine) {
        if (!stored.get(storedKey(contract, type, r.id))?.includes(r.canary)) {
          throw new ProvisioningError('PROVISIONING_UNVERIFIED', `${type} ${r.id} created through the API is not in table ${contract.table} with its canary (check resources.${type}.table, idColumn, storedId and that create stores the canary)`);
        }
      }
    }
  } finally {
    await admin.end();
  }
}
