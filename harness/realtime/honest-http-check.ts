/**
 * RL-6 for a contract with `httpLimits` and no `realtime` section: the honest HTTP burst alone
 * (a contract with both runs it inside the realtime check, after the honest sockets).
 */
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { matches } from '../checks/expectation.ts';
import { HonestHttp } from './honest-http.ts';
import { LimitTraffic, type HttpLimit } from './limit-traffic.ts';
import { AddressPool } from './address-pool.ts';
import { actorOf, limitUser } from './realtime-check.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';

/** RL-6's address block and user, which RL-8 (the only other traffic on the limit) never spends. */
export const HONEST_BLOCK = 36;

export async function honestHttpCheck(ctx: SuiteContext, limit: HttpLimit): Promise<InvariantVerdict> {
  const traffic = new LimitTraffic(ctx, 'RL-6', limit);
  const honest = new HonestHttp(traffic);
  const addresses = new AddressPool(HONEST_BLOCK);
  const fresh = () => (limit.per === 'ip' ? addresses.next() : undefined);
  const users = ctx.world.users;
  const details: Record<string, unknown> = {};
  try {
    return await checkProperty(ctx, {
      invariant: 'RL-6',
      arbitrary: fc.noShrink(fc.constant(users.indexOf(limitUser(ctx, HONEST_BLOCK)))),
      numRuns: 1,
      async control(actor) {
        // On another budget (another user, or another address), so the burst's stays whole.
        const other = limit.per === 'ip' ? users[actor]! : users[(actor + 1) % users.length]!;
        const { req, res } = await traffic.send(other, fresh(), 'control');
        return matches(ctx.config.expectations.succeeded, res) ? undefined : `${req.method} ${req.path} alone got ${res.status}`;
      },
      async probe(actor) {
        const { user, details: figures, problem, steps } = await honest.burst(users[actor]!, addresses);
        details['http'] = figures;
        return problem ? { invariant: 'RL-6', message: `honest traffic throttled: ${problem}`, actor: actorOf(user), steps } : undefined;
      },
      details: () => details,
    });
  } finally {
    await traffic.close();
  }
}
