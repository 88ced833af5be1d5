import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { coverTargetsAndPairs, crossTenantPair, everyTenantPair, type UserRef } from './cross-tenant-pair.ts';

/** `perTenant` users in each of `tenants` tenants, world indices in tenant order. */
const world = (tenants: number, perTenant = 2): UserRef[] =>
  Array.from({ length: tenants * perTenant }, (_, index) => ({ index, tenantIndex: Math.floor(index / perTenant) }));
const tenantOf = (users: UserRef[], index: number) => users[index]!.tenantIndex;

describe('crossTenantPair', () => {
  test('draws an actor and a victim of two different tenants', () => {
    const users = world(3);
    fc.assert(
      fc.property(crossTenantPair(users), (p) => tenantOf(users, p.actor) !== tenantOf(users, p.victim)),
      { seed: 5 },
    );
  });
});

describe('everyTenantPair', () => {
  test('with few tenants, every tenant attacks every other once, by its first user', () => {
    const users = world(3);
    const pairs = everyTenantPair(users).map((p) => [tenantOf(users, p.actor), tenantOf(users, p.victim)]);
    expect(pairs).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [2, 0],
      [2, 1],
    ]);
    expect(everyTenantPair(users).every((p) => p.actor % 2 === 0 && p.victim % 2 === 0)).toBe(true);
  });
  test('with many tenants, each tenant attacks its two neighbours, so every tenant is attacker and victim', () => {
    const users = world(8, 1);
    const pairs = everyTenantPair(users).map((p) => [tenantOf(users, p.actor), tenantOf(users, p.victim)]);
    expect(pairs).toHaveLength(16);
    expect(pairs.every(([a, v]) => a !== v)).toBe(true);
    expect(new Set(pairs.map(String)).size).toBe(16);
    for (let t = 0; t < 8; t++) {
      expect(pairs.filter(([a]) => a === t)).toHaveLength(2);
      expect(pairs.filter(([, v]) => v === t)).toHaveLength(2);
    }
  });
  test('users listed out of tenant order still give one pair per tenant pair', () => {
    const users: UserRef[] = [
      { index: 0, tenantIndex: 1 },
      { index: 1, tenantIndex: 0 },
      { index: 2, tenantIndex: 1 },
    ];
    expect(everyTenantPair(users)).toEqual([
      { actor: 1, victim: 0 },
      { actor: 0, victim: 1 },
    ]);
  });
  test('a world of one tenant has no pair to offer', () => {
    expect(() => everyTenantPair(world(1))).toThrow(/two tenants/);
  });
});

describe('coverTargetsAndPairs', () => {
  test('every target and every pair appear, in as many cases as the longer list', () => {
    const pairs = everyTenantPair(world(3));
    const cases = coverTargetsAndPairs(['read', 'batch'], pairs, (target, pair, i) => ({ target, pair, i }));
    expect(cases).toHaveLength(6);
    expect(new Set(cases.map((c) => c.target))).toEqual(new Set(['read', 'batch']));
    expect(cases.map((c) => c.pair)).toEqual(pairs);
    expect(cases.map((c) => c.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });
  test('more targets than pairs: the pairs start over', () => {
    const pairs = everyTenantPair(world(2));
    const cases = coverTargetsAndPairs(['a', 'b', 'c'], pairs, (target, pair) => `${target}:${pair.actor}>${pair.victim}`);
    expect(cases).toEqual(['a:0>2', 'b:2>0', 'c:0>2']);
  });
  test('nothing to cover gives no case', () => {
    expect(coverTargetsAndPairs([], everyTenantPair(world(2)), () => 1)).toEqual([]);
  });
});
