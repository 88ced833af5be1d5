import fc from 'fast-check';

/** A value presented as the tenant context, with the family it belongs to. */
export interface TenantContextValue {
  /** e.g. `case-variant`, `injection`, `unknown-id`. */
  kind: string;
  value: string;
}

/** Each family: its name and how it is made from a real tenant id (index into `tenantIds`). */
const families: Array<[string, (id: string) => fc.Arbitrary<string>]> = [
  ['empty', () => fc.constant('')],
  ['whitespace', () => fc.stringMatching(/^[ \t\n]{1,3}$/)],
  ['case-variant', (id) => fc.constantFrom(id.toUpperCase(), id.toLowerCase())],
  ['padded', (id) => fc.constantFrom(` ${id}`, `${id} `, `\t${id}\n`)],
  ['braced', (id) => fc.constant(`{${id}}`)],
  ['compact', (id) => fc.constant(id.replaceAll('-', ''))],
  ['prefix', (id) => fc.nat({ max: Math.max(0, id.length - 2) }).map((n) => id.slice(0, n + 1))],
  ['two-tenants', (id) => fc.constantFrom(`${id},${id}`, `${id} ${id}`, `{${id},${id}}`)],
  ['wildcard', () => fc.constantFrom('%', '*', '.*', '_', 'all', 'ALL')],
  ['null-word', () => fc.constantFrom('null', 'NULL', 'undefined', 'None', '0')],
  ['injection', (id) => fc.constantFrom(`${id}' OR '1'='1`, "' OR true --", `x'; RESET ROLE; --`, `${id})) OR ((true`, '1 OR 1=1')],
  ['unknown-id', () => fc.oneof(fc.uuid(), fc.integer({ min: -1, max: 1_000_000 }).map(String))],
  ['random', () => fc.string({ maxLength: 40 }).map((s) => s.replaceAll('\0', ''))],
];

/** One value of every family, built from the first tenant id, for exhaustive coverage first. */
export function tenantContextRepresentatives(tenantIds: readonly string[]): TenantContextValue[] {
  const id = tenantIds[0] ?? '';
  return families.map(([kind, make]) => ({ kind, value: fc.sample(make(id), { numRuns: 1, seed: 0 })[0]! }));
}

/**
 * Odd values for the tenant context (DB-4): empty and blank strings, case and format variants of
 * real ids, two ids at once, wildcards, injection strings and unknown ids. None may show more than
 * the one tenant it names, if any.
 */
export function tenantContextValue(tenantIds: readonly string[]): fc.Arbitrary<TenantContextValue> {
  if (tenantIds.length === 0) throw new Error('tenantContextValue needs at least one tenant id');
  return fc.tuple(fc.nat({ max: families.length - 1 }), fc.constantFrom(...tenantIds)).chain(([f, id]) => {
    const [kind, make] = families[f]!;
    return make(id).map((value) => ({ kind, value }));
  });
}
