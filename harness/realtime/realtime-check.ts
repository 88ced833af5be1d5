/**
 * The frame every realtime limit check shares: skipped with the contract key it lacks, its own
 * session and loopback address block, every socket closed after.
 */
import { checkProperty, type PropertySpec } from '../checks/check-property.ts';
import type { RealtimeContract } from '../config/schema.ts';
import { OWASP } from '../invariants/owasp.ts';
import { skipped } from '../invariants/skipped.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { UserRecord } from '../provision/world.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { AddressPool } from './address-pool.ts';
import { RealtimeSession } from './realtime-session.ts';

// Arbitraries of limit checks do not shrink: each case is a whole timed scenario (a burst, a ban),
// and a smaller value explains nothing a fresh address and the evidence numbers do not already say.

/** How long an opened socket gets to be closed as refused. */
export const CLOSE_WAIT_MS = 300;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/**
 * The user a limit check spends per-user budgets of: one per address block, so with enough
 * provisioned users no check's messages count against another's (RL-3's burst draining the budget
 * RL-4's control needs).
 */
export const limitUser = (ctx: SuiteContext, block: number): UserRecord => ctx.world.users[block % ctx.world.users.length]!;
export const actorOf = (user: UserRecord) => ({ tenant: user.tenantId, user: user.id, role: user.role });

/**
 * What every realtime limit check declares alike (RL-5 names its own CWE): a first round only
 * under --explore, since a further one would spend budgets other checks' users need.
 */
export const REALTIME_LIMIT = {
  severity: 'medium',
  owasp: OWASP.RESOURCES,
  cwe: 'CWE-770',
  requires: ['http', 'realtime'],
  explore: false,
} as const;

export async function realtimeCheck<T>(
  ctx: SuiteContext,
  invariant: string,
  block: number,
  needs: (rt: RealtimeContract) => string | undefined,
  spec: (ctx: SuiteContext, rt: RealtimeContract, session: RealtimeSession, addresses: AddressPool) => Omit<PropertySpec<T>, 'invariant'>,
): Promise<InvariantVerdict> {
  const rt = ctx.config.realtime!;
  const missing = needs(rt);
  if (missing) return skipped(invariant, missing);
  const session = new RealtimeSession(ctx, invariant, rt);
  try {
    return await checkProperty(ctx, { invariant, ...spec(ctx, rt, session, new AddressPool(block)) });
  } finally {
    await session.close();
  }
}
