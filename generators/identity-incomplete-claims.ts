import fc from 'fast-check';

export interface IdentityClaimNames {
  user: string;
  tenant: string;
}

/** One way a validly signed token can be identity-incomplete, with a stable forgery id. */
export interface IncompleteIdentity {
  /** e.g. `claims:missing-tenant`, `claims:tenant-number`. */
  forgeryId: string;
  claim: string;
  /** `undefined` means the claim is removed. */
  value: unknown;
}

/** Each defect: its name, a canonical value, and the values it is generated from. */
const defects: Array<[string, unknown, fc.Arbitrary<unknown>]> = [
  ['missing', undefined, fc.constant(undefined)],
  ['null', null, fc.constant(null)],
  ['empty', '', fc.constant('')],
  ['blank', ' ', fc.stringMatching(/^[ \t]{1,3}$/)],
  ['number', 0, fc.integer()],
  ['boolean', true, fc.boolean()],
  ['array', [], fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 })],
  ['object', {}, fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 1 })],
];

/** One canonical value of every defect on both claims, for exhaustive coverage before random cases. */
export function incompleteIdentityRepresentatives(names: IdentityClaimNames): IncompleteIdentity[] {
  return (['tenant', 'user'] as const).flatMap((role) =>
    defects.map(([name, value]) => ({ forgeryId: `claims:${name}-${role}`, claim: names[role], value })),
  );
}

/**
 * The user or tenant claim removed, empty, null or of the wrong JSON type. Format checks beyond
 * the JSON type (uuid or not) are the target's business, so they are not generated here.
 */
export function incompleteIdentity(names: IdentityClaimNames): fc.Arbitrary<IncompleteIdentity> {
  const which = fc.constantFrom<['user' | 'tenant', string]>(['tenant', names.tenant], ['user', names.user]);
  return fc.tuple(which, fc.nat({ max: defects.length - 1 })).chain(([[role, claim], d]) => {
    const [name, , values] = defects[d]!;
    return values.map((value) => ({ forgeryId: `claims:${name}-${role}`, claim, value }));
  });
}
