/**
 * TI-5: bursts of interleaved reads, lists and searches from many tenants at once over the
 * kept-alive connection pool, each response scanned for another tenant's canary. Sequential
 * checks cannot see the bugs this catches: a tenant context left on a pooled database session,
 * a cache or in-flight request keyed without the tenant, a module-global "current tenant".
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkProperty } from '../checks/check-property.ts';
import { CANARY_PREFIX, foreignCanaries } from '../checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import { lockstepBursts, requestBurst, type BurstRequest } from '../../generators/request-burst.ts';
import type { SuiteContext } from './suite-context.ts';
import { describeLeaks, findLeaks, type Leak } from './canary-leaks.ts';
import { supportsSearch } from './list-requests.ts';
import { buildRequest, expectationOf, listRequest, resourceContract, type OperationName } from './operations.ts';
import { step } from './probe-helpers.ts';

/** A burst request made concrete: who sends which request, as which contract operation. */
interface Planned {
  actor: UserRecord;
  resource: string;
  op: OperationName;
  req: ProbeRequest;
  after: number;
  label: string;
}

/** How many times one schedule is sent before the case counts as held. */
const ATTEMPTS_PER_SCHEDULE = 3;

/** Runs TI-5 over the resources that can be listed or read, and returns its verdict. */
export async function checkConcurrentBursts(ctx: SuiteContext, invariant: string, resources: string[]): Promise<InvariantVerdict> {
  let requests = 0;
  let largestBurst = 0;
  return checkProperty(ctx, {
    invariant,
    arbitrary: requestBurst({ users: ctx.world.users.length, resources: resources.length }),
    examples: lockstepBursts({ users: ctx.world.users.length, resources: resources.length }),
    // The control reads an own row by id where the contract allows it: a target whose lists are
    // broken (the very bugs TI-5 looks for) must not turn every case into a failed control. A
    // control answer that already carries another tenant's canary (a shared cache) is the finding.
    async control(burst) {
      const first = planBurstRequest(ctx, resources, { ...burst[0]!, op: 'read' });
      const res = await ctx.send(invariant, { actor: first.actor }, first.req, `control:${first.label}`);
      const expected = expectationOf(ctx, first.resource, first.op, 'succeeded');
      if (!matches(expected, res)) return `${first.label} alone got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      const leaked = await findLeaks(ctx, first.actor, res, 'tenant');
      if (leaked.length > 0)
        return {
          invariant,
          message: `${first.label} alone (the control) carried another tenant's canary: ${describeLeaks(leaked.slice(0, 3))}`,
          actor: { tenant: first.actor.tenantId, user: first.actor.id, role: first.actor.role },
          victim: { tenant: leaked[0]!.tenant, user: leaked[0]!.user, resource: leaked[0]!.resource, id: leaked[0]!.id },
          leakedCanaries: leaked.map((l) => l.canary),
          steps: [step(first.req, res, `control: ${first.label} sent alone`)],
        };
      const own = foreignCanaries(res, () => false).some((c) => c.tenantIndex === first.actor.tenantIndex);
      return own ? undefined : `${first.label} alone shows none of the actor's own canaries, so a foreign one could not be told apart`;
    },
    async probe(burst) {
      const planned = burst.map((b) => planBurstRequest(ctx, resources, b));
      largestBurst = Math.max(largestBurst, planned.length);
      let responses: ProbeResponse[] = [];
      let leaking: Array<{ p: Planned; leaked: Leak[] }> = [];
      // An interleaving is not reproducible at will: the same schedule is sent a few times, which
      // raises detection per case and keeps shrinking steady (a smaller schedule gets as many tries).
      for (let attempt = 0; attempt < ATTEMPTS_PER_SCHEDULE && leaking.length === 0; attempt++) {
        requests += planned.length;
        responses = await Promise.all(
          planned.map(async (p) => {
            if (p.after > 0) await sleep(p.after);
            return ctx.send(invariant, { actor: p.actor }, p.req, `burst:${p.label}`);
          }),
        );
        leaking = (await Promise.all(planned.map(async (p, i) => ({ p, leaked: await findLeaks(ctx, p.actor, responses[i]!, 'tenant') })))).filter(
          (l) => l.leaked.length > 0,
        );
      }
      if (leaking.length === 0) return undefined;
      const { p, leaked } = leaking[0]!;
      const victim = leaked[0]!;
      return {
        invariant,
        message: `in a burst of ${planned.length} concurrent requests, ${leaking.length} answer(s) carried another tenant's canary; first: ${p.label} got ${describeLeaks(leaked.slice(0, 3))}`,
        actor: { tenant: p.actor.tenantId, user: p.actor.id, role: p.actor.role },
        victim: { tenant: victim.tenant, user: victim.user, resource: victim.resource, id: victim.id },
        leakedCanaries: leaking.flatMap((l) => l.leaked.map((c) => c.canary)),
        steps: planned.map((q, i) =>
          step(q.req, responses[i], `${i + 1}/${planned.length} ${q.label} (+${q.after} ms)${leaking.some((l) => l.p === q) ? ' LEAKED' : ''}`, q.actor),
        ),
        labels: { burst: planned.map((q) => q.label).join(' | ') },
      };
    },
    details: () => ({ requests, largestBurst }),
  });
}

/**
 * The request a burst entry stands for. Reads and own searches target one of the actor's own
 * provisioned rows, a shared search the canary prefix; a resource without them (or without the
 * operation) falls back to a list.
 */
export function planBurstRequest(ctx: SuiteContext, resources: string[], b: BurstRequest): Planned {
  const actor = ctx.world.users[b.actor]!;
  const resource = resources[b.resource]!;
  const contract = resourceContract(ctx, resource);
  const own = ctx.world.resources.filter((r) => r.type === resource && r.ownerId === actor.id);
  const row = own.length > 0 ? own[b.row % own.length] : undefined;
  const who = `t${actor.tenantIndex}/u${actor.index}`;
  const read = (r: { id: string }): Planned => ({
    actor,
    resource,
    op: 'read',
    req: buildRequest(ctx, resource, 'read', actor, r.id).req,
    after: b.after,
    label: `${who} read ${resource} ${r.id}`,
  });
  if (b.op === 'read' && row && contract.read) return read(row);
  if (b.op === 'search' && row && supportsSearch(ctx, resource, actor)) {
    return {
      actor,
      resource,
      op: 'list',
      req: listRequest(ctx, resource, actor, row.canary),
      after: b.after,
      label: `${who} search ${resource} for its own canary`,
    };
  }
  if (b.op === 'shared-search' && supportsSearch(ctx, resource, actor)) {
    return {
      actor,
      resource,
      op: 'list',
      req: listRequest(ctx, resource, actor, CANARY_PREFIX),
      after: b.after,
      label: `${who} search ${resource} for '${CANARY_PREFIX}', which every tenant's rows carry`,
    };
  }
  if (contract.list) return { actor, resource, op: 'list', req: listRequest(ctx, resource, actor), after: b.after, label: `${who} list ${resource}` };
  if (!row) throw new Error(`TI-5: resource ${resource} declares no list and ${who} owns none of its provisioned rows`);
  return read(row);
}
