import fc from 'fast-check';
import { crossTenantPair, type CrossTenantPair, type UserRef } from './cross-tenant-pair.ts';

/** A change made over HTTP while every tenant listens: who makes it, and which kind. */
export interface RealtimeWrite {
  /** World index of the writing user. */
  actor: number;
  op: 'create' | 'update' | 'delete';
}

export interface RealtimeScenario {
  /** Writes made in sequence by users of random tenants. */
  writes: RealtimeWrite[];
  /** A user who tries to subscribe to the victim's tenant topic. */
  intruder: CrossTenantPair;
}

/**
 * Random tenants creating, updating and deleting while subscribers of every tenant listen, plus
 * one user trying another tenant's topic (TI-6). Deletes are included because a delete event is
 * the one most often sent without a tenant filter. Shrinks towards one create by the first user.
 */
export function realtimeScenario(users: readonly UserRef[], maxWrites = 6): fc.Arbitrary<RealtimeScenario> {
  if (!Number.isInteger(maxWrites) || maxWrites < 1) throw new RangeError(`maxWrites must be a positive integer, found ${maxWrites}`);
  const write = fc.record({ actor: fc.nat({ max: users.length - 1 }), op: fc.constantFrom('create' as const, 'update' as const, 'delete' as const) });
  return fc.record({ writes: fc.array(write, { minLength: 1, maxLength: maxWrites }), intruder: crossTenantPair(users) });
}
