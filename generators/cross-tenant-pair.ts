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
