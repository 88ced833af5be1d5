import fc from 'fast-check';

/** The JSON type of a claim value as `typeof` names it (`null` and arrays are `object`). */
export type ClaimType = 'string' | 'number' | 'boolean' | 'object';

export interface IdentityClaimNames {
  user: string;
  tenant: string;
  /**
   * The JSON type each claim has in a valid token (default `string`): a defect of that same type
   * is no defect (an integer tenant id carried as a JSON number is the right type, not a wrong one).
   */
  types?: Partial<Record<'user' | 'tenant', ClaimType>>;
  /** Claims the service takes whatever their JSON type, as long as they are not empty: only absent, null, empty and blank values are defects. */
  anyNonEmpty?: Partial<Record<'user' | 'tenant', boolean>>;
}

const EMPTY = new Set(['missing', 'null', 'empty', 'blank']);

/** One way a validly signed token can be identity-incomplete, with a stable forgery id. */
export interface IncompleteIdentity {
  /** e.g. `claims:missing-tenant`, `claims:tenant-number`. */
  forgeryId: string;
  claim: string;
  /** `undefined` means the claim is removed. */
  value: unknown;
}

type Defect = [name: string, canonical: unknown, values: fc.Arbitrary<unknown>, type: ClaimType | undefined];

/** Each defect: its name, a canonical value, the values it is generated from, and their JSON type. */
const defects: Defect[] = [
  ['missing', undefined, fc.constant(undefined), undefined],
  ['null', null, fc.constant(null), undefined],
  ['empty', '', fc.constant(''), 'string'],
  ['blank', ' ', fc.stringMatching(/^[ \t]{1,3}$/), 'string'],
  ['number', 0, fc.integer(), 'number'],
  ['boolean', true, fc.boolean(), 'boolean'],
  ['array', [], fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), 'object'],
  ['object', {}, fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 1 }), 'object'],
];

/**
 * The defects of one claim: each whose value has another JSON type than the claim's own, and for a
 * string claim the empty and blank strings too (no id is blank); for a claim taken whatever its
 * type (`anyNonEmpty`), only the empty ones.
 */
function defectsOf(names: IdentityClaimNames, role: 'user' | 'tenant'): Defect[] {
  if (names.anyNonEmpty?.[role]) return defects.filter(([name]) => EMPTY.has(name));
  const own = names.types?.[role] ?? 'string';
  return defects.filter(([, , , type]) => type !== own || own === 'string');
}

/** One canonical value of every defect on both claims, for exhaustive coverage before random cases. */
export function incompleteIdentityRepresentatives(names: IdentityClaimNames): IncompleteIdentity[] {
  return (['tenant', 'user'] as const).flatMap((role) =>
    defectsOf(names, role).map(([name, value]) => ({ forgeryId: `claims:${name}-${role}`, claim: names[role], value })),
  );
}

/**
 * The user or tenant claim removed, empty, null or of the wrong JSON type. Format checks beyond
 * the JSON type (uuid or not) are the target's business, so they are not generated here.
 */
export function incompleteIdentity(names: IdentityClaimNames): fc.Arbitrary<IncompleteIdentity> {
  return fc
    .constantFrom('tenant' as const, 'user' as const)
    .chain((role) =>
      fc
        .constantFrom(...defectsOf(names, role))
        .chain(([name, , values]) => values.map((value) => ({ forgeryId: `claims:${name}-${role}`, claim: names[role], value }))),
    );
}
