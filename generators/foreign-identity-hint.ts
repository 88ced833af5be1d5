import fc from 'fast-check';

/**
 * One place a request might name an identity other than its token's (ID-2): a header, query
 * parameter or JSON body field carrying another tenant's id (or another user's), or the route the
 * contract builds from its actor (`/orgs/{tenantId}/...`) built for the victim's instead.
 */
export interface ForeignIdentityHint {
  /** Whose id the hint carries: the victim's tenant, or the victim user. */
  names: 'tenant' | 'user';
  place: 'header' | 'query' | 'body' | 'route';
  /** The header, parameter or field name; for a route, the actor field the request builder reads. */
  name: string;
}

/** The actor fields a request builder may put in a route, per identity named: `tenant` is all of `tenantId`, `tenantName` and `tenantSlug`. */
const ROUTE_FIELDS = { tenant: ['tenant'], user: ['id'] } as const;

/** Candidate names per place, as the contract's `tenantHints` resolves them (defaults included). */
export interface IdentityHintNames {
  headers: readonly string[];
  query: readonly string[];
  body: readonly string[];
  userHeaders: readonly string[];
  userQuery: readonly string[];
  userBody: readonly string[];
}

function table(names: IdentityHintNames): Array<[ForeignIdentityHint['names'], ForeignIdentityHint['place'], readonly string[]]> {
  const rows: Array<[ForeignIdentityHint['names'], ForeignIdentityHint['place'], readonly string[]]> = [
    ['tenant', 'header', names.headers],
    ['tenant', 'query', names.query],
    ['tenant', 'body', names.body],
    ['user', 'header', names.userHeaders],
    ['user', 'query', names.userQuery],
    ['user', 'body', names.userBody],
    ['tenant', 'route', ROUTE_FIELDS.tenant],
    ['user', 'route', ROUTE_FIELDS.user],
  ];
  const empty = rows.find(([, , list]) => list.length === 0);
  if (empty) throw new Error(`foreignIdentityHint: no ${empty[0]} ${empty[1]} names given`);
  return rows;
}

/** Every name in every place once, tenant hints first. */
export function foreignIdentityHintRepresentatives(names: IdentityHintNames): ForeignIdentityHint[] {
  return table(names).flatMap(([who, place, list]) => list.map((name) => ({ names: who, place, name })));
}

/** Any hint; shrinks towards the first tenant header name (by default `x-tenant-id`). */
export function foreignIdentityHint(names: IdentityHintNames): fc.Arbitrary<ForeignIdentityHint> {
  return fc.oneof(...table(names).map(([who, place, list]) => fc.constantFrom(...list).map((name) => ({ names: who, place, name }))));
}
