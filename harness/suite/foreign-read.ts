/**
 * TI-1 over every way the contract reads rows by id: a read by id (of a nested resource, addressed
 * both under the row's own parent and under a parent of the attacker's own, where the classic
 * nested IDOR lives: the parent is authorised, the child is not), and a batch read whose ids mix
 * the attacker's own rows with a foreign one at each position (a batch authorised by one id).
 * A foreign row must be refused or left out, and no answer may carry its canary.
 */
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { foreignCanaries } from '../checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import { coverTargetsAndPairs, crossTenantPair, everyTenantPair } from '../../generators/cross-tenant-pair.ts';
import type { SuiteContext } from './suite-context.ts';
import { listedIds } from './list-requests.ts';
import { buildRequest, createScratch, expectationOf, ownRows, resourceContract, storedKeyOf } from './operations.ts';
import { ownParent } from './parents.ts';
import { step } from './probe-helpers.ts';

/** How a foreign row is asked for: by id (under its own parent, or under the attacker's), or inside a batch. */
export type ReadWay = { resource: string; via: 'read'; under?: 'its-parent' | 'own-parent' } | { resource: string; via: 'batch' };

/** Every way the contract reads rows by id, and the resources it gives no such way. */
export function readWays(ctx: SuiteContext): { ways: ReadWay[]; unchecked: string[] } {
  const ways: ReadWay[] = [];
  const unchecked: string[] = [];
  for (const [resource, c] of Object.entries(ctx.config.resources)) {
    if (c.read)
      ways.push(
        ...(c.parent
          ? (['its-parent', 'own-parent'] as const).map((under) => ({ resource, via: 'read' as const, under }))
          : [{ resource, via: 'read' as const }]),
      );
    if (c.batch) ways.push({ resource, via: 'batch' });
    if (!c.read && !c.batch) unchecked.push(`${resource}: no read by id or batch read`);
  }
  return { ways, unchecked };
}

/** The address a way reads `id` at as `actor`: a nested row under the attacker's own parent when the way says so. */
function request(ctx: SuiteContext, way: ReadWay, actor: UserRecord, ids: string[]): ProbeRequest {
  if (way.via === 'batch') return buildRequest(ctx, way.resource, 'batch', actor, undefined, undefined, { ids }).req;
  const parent = resourceContract(ctx, way.resource).parent;
  const parentId = way.under === 'own-parent' && parent ? ownParent(ctx, parent.resource, actor) : undefined;
  return buildRequest(ctx, way.resource, 'read', actor, ids[0], undefined, { parentId }).req;
}

const describeWay = (way: ReadWay) => (way.via === 'batch' ? 'batch read' : way.under === 'own-parent' ? "read under the actor's own parent" : 'read');

/** Runs TI-1 over `ways` (from {@link readWays}, at least one) and returns its verdict; `unchecked` goes to its details. */
export async function checkForeignRead(ctx: SuiteContext, invariant: string, ways: ReadWay[], unchecked: string[]): Promise<InvariantVerdict> {
  return checkProperty(ctx, {
    invariant,
    arbitrary: fc.record({ way: fc.constantFrom(...ways), pair: crossTenantPair(ctx.world.users), position: fc.nat({ max: 2 }) }),
    examples: coverTargetsAndPairs(ways, everyTenantPair(ctx.world.users), (way, pair, i) => ({ way, pair, position: i % 3 })),
    async control({ way, pair }) {
      const owner = ctx.world.users[pair.victim]!;
      const rows = await Promise.all(Array.from({ length: way.via === 'batch' ? 2 : 1 }, () => createScratch(ctx, invariant, way.resource, owner)));
      const req = request(
        ctx,
        { ...way, ...(way.via === 'read' ? { under: 'its-parent' as const } : {}) },
        owner,
        rows.map((r) => r.id),
      );
      const res = await ctx.send(invariant, { actor: owner }, req, 'control');
      const expected = expectationOf(ctx, way.resource, way.via, 'succeeded');
      if (!matches(expected, res))
        return `the owner's ${describeWay(way)} of ${req.path} got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      if (rows.some((r) => !res.text.includes(r.canary)))
        return `the owner's ${describeWay(way)} of ${req.path} does not show the stored canaries, so a leak could not be seen`;
      if (way.via === 'batch' && !rows.every((r) => listedIds(ctx, way.resource, res, 'batch').includes(storedKeyOf(ctx, way.resource, r.id))))
        return `the owner's batch read of ${req.path} does not list the rows asked for; check batch.items and batch.itemId`;
      return undefined;
    },
    async probe({ way, pair, position }) {
      const actor = ctx.world.users[pair.actor]!;
      const victim = ctx.world.users[pair.victim]!;
      const row = await createScratch(ctx, invariant, way.resource, victim);
      // A batch hides the foreign id among the actor's own provisioned rows, at every position.
      const own = way.via === 'batch' ? ownRows(ctx, way.resource, actor).slice(0, 2) : [];
      const ids = [...own.slice(0, position), row.id, ...own.slice(position)];
      const req = request(ctx, way, actor, ids);
      const res = await ctx.send(invariant, { actor }, req, `cross-tenant-${way.via}`);
      const problems = judge(ctx, way, res, actor, storedKeyOf(ctx, way.resource, row.id));
      if (problems.length === 0) return undefined;
      const leaked = foreignCanaries(res, (c) => c.tenantIndex === actor.tenantIndex);
      return {
        invariant,
        message: `tenant ${actor.tenantIndex} ${describeWay(way)} of ${way.resource} ${row.id} of tenant ${victim.tenantIndex}: ${problems.join('; ')}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource: way.resource, id: row.id },
        leakedCanaries: leaked.map((c) => c.canary),
        steps: [
          step(
            req,
            res,
            `${describeWay(way)} as a user of another tenant${way.via === 'batch' ? ` (ids ${ids.join(', ')}, the foreign one at ${position})` : ''}`,
          ),
        ],
        labels: { way: describeWay(way) },
      };
    },
    details: () => (unchecked.length ? { notChecked: unchecked } : {}),
  });
}

/**
 * What is wrong with the answer to a foreign read: a read by id must be refused; a batch may be
 * refused or served, but without the foreign row. Neither may carry another tenant's canary.
 */
function judge(ctx: SuiteContext, way: ReadWay, res: ProbeResponse, actor: UserRecord, foreignKey: string): string[] {
  const refused = expectationOf(ctx, way.resource, way.via, 'refused');
  const leaked = foreignCanaries(res, (c) => c.tenantIndex === actor.tenantIndex);
  const problems: string[] = [];
  if (leaked.length > 0) problems.push(`leaked ${leaked.map((c) => c.canary).join(', ')}`);
  if (way.via === 'read') {
    if (!matches(refused, res)) problems.push(`answered ${describeAnswer(refused, res)}, expected ${describeExpectation(refused)}`);
    return problems;
  }
  const succeeded = expectationOf(ctx, way.resource, 'batch', 'succeeded');
  if (matches(refused, res)) return problems;
  if (!matches(succeeded, res)) problems.push(`answered ${describeAnswer(refused, res)}, neither a refusal (${describeExpectation(refused)}) nor a success`);
  else if (listedIds(ctx, way.resource, res, 'batch').includes(foreignKey)) problems.push('the batch answer lists the foreign row');
  return problems;
}
