import fc from 'fast-check';

/** A user as generators see it: world indices only, no I/O. */
export interface UserRef {
  index: number;
  tenantIndex: number;
}

export interface CrossTenantPair {
  /** World index of the attacking user. */
  actor: number;
  /** World index of the victim user, always in another tenant. */
  victim: number;
}

/**
 * An attacker and a victim from two different tenants. Shrinks towards the first users of the
 * first tenants, so a counterexample names the simplest pair that still fails.
 */
export function crossTenantPair(users: readonly UserRef[]): fc.Arbitrary<CrossTenantPair> {
  if (new Set(users.map((u) => u.tenantIndex)).size < 2) throw new Error('crossTenantPair needs users in at least two tenants');
  return fc.nat({ max: users.length - 1 }).chain((victim) => {
    const others = users.filter((u) => u.tenantIndex !== users[victim]!.tenantIndex);
    return fc.nat({ max: others.length - 1 }).map((i) => ({ actor: others[i]!.index, victim }));
  });
}

/**
 * Ordered tenant pairs tried in full up to this many; past it, only the two rings (each tenant
 * against the next and against the one before), so a world of many tenants still starts in a few cases.
 */
const MAX_ORDERED_PAIRS = 12;

/**
 * The targeted first cases of a cross-tenant property, tried before any random draw (as fast-check
 * `examples`, so they replay like drawn cases): one pair per ordered (attacker tenant, victim
 * tenant), the first user of each, in tenant order. A bug between two tenants only (a cache warmed
 * by the first tenant, a check comparing tenant ids by order, a filter missing the newest tenant)
 * is then not left to the seed.
 */
export function everyTenantPair(users: readonly UserRef[]): CrossTenantPair[] {
  const first = new Map<number, number>();
  for (const u of users) if (!first.has(u.tenantIndex)) first.set(u.tenantIndex, u.index);
  const tenants = [...first.keys()].sort((a, b) => a - b);
  if (tenants.length < 2) throw new Error('everyTenantPair needs users in at least two tenants');
  const pair = (a: number, v: number) => ({ actor: first.get(a)!, victim: first.get(v)! });
  const n = tenants.length;
  if (n * (n - 1) <= MAX_ORDERED_PAIRS) return tenants.flatMap((a) => tenants.filter((v) => v !== a).map((v) => pair(a, v)));
  return [1, n - 1].flatMap((step) => tenants.map((a, i) => pair(a, tenants[(i + step) % n]!)));
}

/**
 * Cases that try every target and every pair at least once, in max(targets, pairs) cases: case i
 * takes target i and pair i, each list starting over when it runs out.
 */
export function coverTargetsAndPairs<T, C>(
  targets: readonly T[],
  pairs: readonly CrossTenantPair[],
  build: (target: T, pair: CrossTenantPair, i: number) => C,
): C[] {
  if (targets.length === 0 || pairs.length === 0) return [];
  return Array.from({ length: Math.max(targets.length, pairs.length) }, (_, i) => build(targets[i % targets.length]!, pairs[i % pairs.length]!, i));
}
