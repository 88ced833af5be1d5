import fc from 'fast-check';

/**
 * One request of a burst: a read of one of the actor's own rows, a list, a search for its own
 * canary, or a search for a term every tenant's rows carry (`shared-search`: what a cache keyed by
 * the search term alone hands from one tenant to the next).
 */
export interface BurstRequest {
  op: 'read' | 'list' | 'search' | 'shared-search';
  /** World index of the user sending it. */
  actor: number;
  /** Index into the resources under test. */
  resource: number;
  /** Which of the actor's own rows a read or search targets (taken modulo their count). */
  row: number;
  /** Milliseconds after the burst starts that this request leaves, to vary the interleaving. */
  after: number;
}

export interface RequestBurstConstraints {
  users: number;
  resources: number;
  /** Most requests in one burst (default 24). */
  maxRequests?: number;
}

/**
 * A burst of interleaved requests from many users, sent at once over kept-alive connections.
 * Shrinks towards fewer requests, earlier start offsets and the first users, so a leak reduces to
 * the two or three requests whose overlap causes it.
 *
 * One burst in four is in lockstep: the same list from consecutive users (so from several
 * tenants), all leaving at once. That overlap is what a cache or in-flight request keyed
 * without the tenant, or a module-global current tenant, mixes up; mixed bursts reach it only by
 * luck, and a short profile's ten cases missed it on some seeds.
 */
export function requestBurst(constraints: RequestBurstConstraints): fc.Arbitrary<BurstRequest[]> {
  const { users, resources, maxRequests = 24 } = constraints;
  if (!Number.isInteger(users) || users < 2) throw new Error(`requestBurst: users must be an integer >= 2, got ${users}`);
  if (!Number.isInteger(resources) || resources < 1) throw new Error(`requestBurst: resources must be an integer >= 1, got ${resources}`);
  if (!Number.isInteger(maxRequests) || maxRequests < 2) throw new Error(`requestBurst: maxRequests must be an integer >= 2, got ${maxRequests}`);
  const request = fc.record({
    // Lists weigh double: identical requests from different tenants are what keyed-without-tenant caches mix up.
    op: fc.constantFrom<BurstRequest['op']>('list', 'read', 'list', 'search', 'shared-search'),
    actor: fc.nat({ max: users - 1 }),
    resource: fc.nat({ max: resources - 1 }),
    row: fc.nat({ max: 7 }),
    after: fc.nat({ max: 3 }),
  });
  const mixed = fc.array(request, { minLength: 2, maxLength: maxRequests });
  const lockstep = fc
    .record({
      op: fc.constantFrom<LockstepOp>('list', 'shared-search'),
      resource: fc.nat({ max: resources - 1 }),
      count: fc.integer({ min: 2, max: Math.min(maxRequests, 2 * users) }),
    })
    .map(({ op, resource, count }) => lockstepBurst(op, users, resource, count));
  return fc.oneof({ arbitrary: mixed, weight: 3 }, { arbitrary: lockstep, weight: 1 });
}

type LockstepOp = 'list' | 'shared-search';

/** The same list (or shared search) of `resource` from `count` consecutive users (round the world), all leaving at once. */
function lockstepBurst(op: LockstepOp, users: number, resource: number, count: number): BurstRequest[] {
  return Array.from({ length: count }, (_, i) => ({ op, actor: i % users, resource, row: 0, after: 0 }));
}

/**
 * The targeted first cases of TI-5 (fast-check `examples`): for each resource, the widest
 * lockstep bursts, every user's list and then every user's shared search, twice over. The bugs
 * lockstep reaches are then found in the first cases on every seed, not in the quarter of draws
 * that happen to be lockstep.
 */
export function lockstepBursts(constraints: RequestBurstConstraints): BurstRequest[][] {
  const { users, resources, maxRequests = 24 } = constraints;
  const count = Math.min(maxRequests, 2 * users);
  return Array.from({ length: resources }, (_, resource) => (['list', 'shared-search'] as const).map((op) => lockstepBurst(op, users, resource, count))).flat();
}
