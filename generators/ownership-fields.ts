import fc from 'fast-check';

/** Which ownership fields a mass-assignment body carries, split by what they name. */
export interface OwnershipFields {
  /** Field names set to the victim's tenant id. */
  tenant: string[];
  /** Field names set to the victim's user id. */
  user: string[];
}

/**
 * A non-empty choice of tenant and owner field names to smuggle into a create or update body
 * (mass assignment, OWASP API3). Shrinks towards a single field, so a counterexample names the
 * one field the target obeyed.
 */
export function ownershipFields(names: { tenant: readonly string[]; user: readonly string[] }): fc.Arbitrary<OwnershipFields> {
  if (names.tenant.length + names.user.length === 0) throw new Error('ownershipFields: at least one candidate field name is needed');
  return fc.record({ tenant: fc.subarray([...names.tenant]), user: fc.subarray([...names.user]) }).filter((f) => f.tenant.length + f.user.length > 0);
}
