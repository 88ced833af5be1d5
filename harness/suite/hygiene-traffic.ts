/**
 * Traffic of DB-7's own, so its judgement does not depend on which suites ran before it: the
 * contract's operations through the target's API as several users at once (with a cross-tenant
 * read and a refused token, paths that often write audit rows outside the usual request code),
 * then concurrent bursts, so pooled database connections pass from tenant to tenant. Drawn with
 * fast-check from the run seed: the same seed sends the same requests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { requestBurst, type BurstRequest } from '../../generators/request-burst.ts';
import { invariantSeed } from '../checks/seed.ts';
import type { Credentials, SuiteContext } from './suite-context.ts';
import { planBurstRequest } from './concurrent-bursts.ts';
import { buildRequest, createdId, createScratch, resourceContract } from './operations.ts';
import type { ProbeRequest } from '../http/types.ts';

export interface TrafficPlan {
  /** World indices of the users who walk through every operation, at the same time. */
  actors: number[];
  bursts: BurstRequest[][];
}

export interface TrafficSummary {
  /** The fast-check seed the plan was drawn with. */
  seed: number;
  actors: number;
  requests: number;
  bursts: number;
  largestBurst: number;
  /** Responses per status, so a target that refused everything shows why nothing was seen. */
  statuses: Record<string, number>;
}

/** A token no verifier accepts, presented where the contract places tokens. */
const REFUSED_TOKEN = 'tenantproof.refused.token';

function trafficPlan(users: number, resources: number): fc.Arbitrary<TrafficPlan> {
  return fc.record({
    actors: fc.uniqueArray(fc.nat({ max: users - 1 }), { minLength: Math.min(3, users), maxLength: Math.min(6, users) }),
    bursts: users >= 2 ? fc.array(requestBurst({ users, resources }), { minLength: 2, maxLength: 4 }) : fc.constant([]),
  });
}

/** Sends the plan drawn for `invariant` from the run seed and returns what was sent. */
export async function driveHygieneTraffic(ctx: SuiteContext, invariant: string): Promise<TrafficSummary> {
  const seed = invariantSeed(ctx.handle.seed, invariant);
  const resources = Object.keys(ctx.config.resources);
  const readable = resources.filter((r) => ctx.config.resources[r]!.list || ctx.config.resources[r]!.read);
  const [plan] = fc.sample(trafficPlan(ctx.world.users.length, Math.max(1, readable.length)), { seed, numRuns: 1 });
  const summary: TrafficSummary = { seed, actors: plan!.actors.length, requests: 0, bursts: 0, largestBurst: 0, statuses: {} };
  const send = async (credentials: Credentials, req: ProbeRequest, label: string) => {
    const res = await ctx.send(invariant, credentials, req, label);
    summary.requests += 1;
    summary.statuses[res.status] = (summary.statuses[res.status] ?? 0) + 1;
    return res;
  };

  const actors = plan!.actors.map((i) => ctx.world.users[i]!);
  for (const resource of resources) {
    const contract = resourceContract(ctx, resource);
    const ids = await Promise.all(
      actors.map(async (actor) => {
        // A read-only resource's rows are stored by the harness (its seed), not by the target.
        if (!contract.create) return (await createScratch(ctx, invariant, resource, actor)).id;
        const { req, parentId } = buildRequest(ctx, resource, 'create', actor);
        return createdId(ctx, resource, await send({ actor }, req, `traffic:create ${resource}`), parentId);
      }),
    );
    await Promise.all(
      actors.map(async (actor, i) => {
        const id = ids[i];
        // Another actor's fresh row: a cross-tenant read when their tenants differ.
        const foreign = ids.length > 1 ? ids[(i + 1) % ids.length] : undefined;
        if (contract.read && id) await send({ actor }, buildRequest(ctx, resource, 'read', actor, id).req, `traffic:read ${resource}`);
        if (contract.read && foreign) await send({ actor }, buildRequest(ctx, resource, 'read', actor, foreign).req, `traffic:read another's ${resource}`);
        if (contract.list) await send({ actor }, buildRequest(ctx, resource, 'list', actor).req, `traffic:list ${resource}`);
        if (contract.list)
          await send({ token: REFUSED_TOKEN }, buildRequest(ctx, resource, 'list', actor).req, `traffic:list ${resource} with a refused token`);
        if (contract.batch && id) await send({ actor }, buildRequest(ctx, resource, 'batch', actor, id).req, `traffic:batch ${resource}`);
        if (contract.update && id) await send({ actor }, buildRequest(ctx, resource, 'update', actor, id).req, `traffic:update ${resource}`);
        if (contract.delete && id) await send({ actor }, buildRequest(ctx, resource, 'delete', actor, id).req, `traffic:delete ${resource}`);
      }),
    );
  }

  if (readable.length > 0) {
    for (const burst of plan!.bursts) {
      const planned = burst.map((b) => planBurstRequest(ctx, readable, b));
      summary.bursts += 1;
      summary.largestBurst = Math.max(summary.largestBurst, planned.length);
      await Promise.all(
        planned.map(async (p) => {
          if (p.after > 0) await sleep(p.after);
          return send({ actor: p.actor }, p.req, `traffic:burst ${p.label}`);
        }),
      );
    }
  }
  return summary;
}
