/**
 * RL-6's HTTP half: the declared number of requests on the limited request, one after another on
 * a budget nothing else has spent, must all get through. A limiter stricter than declared (3
 * requests where 20 are promised) throttles honest clients, and only traffic up to the declared
 * max shows it: RL-8's burst over the limit cannot tell a strict limiter from a correct one.
 */
import { matches } from '../checks/expectation.ts';
import { Unprovable } from '../checks/check-property.ts';
import { sleep } from './realtime-check.ts';
import { step } from '../suite/probe-helpers.ts';
import type { UserRecord } from '../provision/world.ts';
import type { HttpLimit, LimitTraffic } from './limit-traffic.ts';
import type { AddressPool } from './address-pool.ts';
import type { Violation } from '../../reports/verdict.ts';

export interface HonestBurst {
  sent: number;
  throttled: number;
  elapsedMs: number;
}

/**
 * Why an honest burst shows the limit stricter than declared, or undefined when it does not. A
 * burst that outlasted the window proves nothing either way: the traffic was then not what the
 * window judges, so a throttle is Unprovable rather than a finding.
 */
export function honestBurstProblem(burst: HonestBurst, limit: Pick<HttpLimit, 'max' | 'windowMs'>): string | undefined {
  if (burst.sent > limit.max) throw new RangeError(`an honest burst of ${burst.sent} requests is over the limit of ${limit.max}`);
  if (burst.throttled === 0) return undefined;
  if (burst.elapsedMs >= limit.windowMs)
    throw new Unprovable(`${burst.sent} honest requests took ${burst.elapsedMs} ms on this machine, not within the ${limit.windowMs} ms window`);
  return `${burst.throttled} of ${burst.sent} honest HTTP requests throttled within ${burst.elapsedMs} ms (limit ${limit.max} per ${limit.windowMs / 1000} s)`;
}

/** Sends honest bursts of exactly the declared max, each on a budget the previous one no longer counts in. */
export class HonestHttp {
  #lastAt = 0;

  constructor(private readonly traffic: LimitTraffic) {}

  /**
   * One burst, as the member kept for a per-user limit (`fallback` without one) or from a fresh
   * address of `addresses` for a per-IP limit: its figures, and what it found.
   */
  async burst(
    fallback: UserRecord,
    addresses: AddressPool,
  ): Promise<{ user: UserRecord; details: Record<string, unknown>; problem?: string; steps: Violation['steps'] }> {
    const { limit } = this.traffic;
    const user = this.traffic.unspentUser(fallback);
    const address = limit.per === 'ip' ? addresses.next() : undefined;
    // A second case (a corpus replay first) would otherwise count against the first's budget.
    await sleep(this.#lastAt + limit.windowMs + 100 - Date.now());
    const via = this.traffic.client(1, address);
    const steps: Violation['steps'] = [];
    let throttled = 0;
    const started = Date.now();
    for (let i = 0; i < limit.max; i++) {
      const { req, res } = await this.traffic.sendVia(via, user, address, `honest ${i + 1}`);
      if (!matches(limit.throttled, res)) continue;
      throttled += 1;
      if (throttled === 1) steps.push(step(req, res, `honest request ${i + 1} of ${limit.max} throttled`, user));
    }
    this.#lastAt = Date.now();
    const figures = { sent: limit.max, throttled, elapsedMs: this.#lastAt - started };
    const details = { ...figures, per: limit.per, limit: limit.max, windowMs: limit.windowMs, from: address ?? 'default' };
    return { user, details, problem: honestBurstProblem(figures, limit), steps };
  }
}
