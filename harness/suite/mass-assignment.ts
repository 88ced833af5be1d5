/**
 * TI-4 mass assignment: create and update bodies that also carry tenant and owner fields naming a
 * user of another tenant, and creates of a nested resource addressed under another tenant's parent.
 * Whatever the target answers, every stored row with the request's canary must belong to the
 * actor's tenant and user, and sit under a parent of the actor's tenant (ground truth from the
 * admin connection).
 */
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { ProbeRequest } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import { crossTenantPair } from '../../generators/cross-tenant-pair.ts';
import { ownershipFields, type OwnershipFields } from '../../generators/ownership-fields.ts';
import type { SuiteContext } from './suite-context.ts';
import { locateCanaries, ownerColumns, rowOwnerByKey, sameId, type CanaryOrigin } from './ground-truth.ts';
import { ownParent } from './parents.ts';
import { buildRequest, createScratch, expectationOf, resourceContract, withBodyFields } from './operations.ts';
import { step } from './probe-helpers.ts';

type WriteOp = 'create' | 'update';

/**
 * Field names a service might take ownership from: the contract's column and claim names in
 * snake and camel case, and the usual spellings (`tenant`, `ownerId`, `organization_id`, ...).
 */
export function ownershipFieldNames(ctx: SuiteContext, resource: string): { tenant: string[]; user: string[] } {
  const columns = ownerColumns(ctx, resource);
  const { claims } = ctx.config.identity;
  const both = (names: string[]) => [...new Set(names.flatMap((n) => [n, n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]))];
  return {
    tenant: both([columns.tenant, claims.tenant, 'tenant', 'tenant_id', 'organization_id', 'org_id', 'account_id', 'workspace_id']),
    user: both([columns.user, claims.user, 'owner_id', 'user_id', 'author_id', 'created_by', 'owner']),
  };
}

/** Runs TI-4 over every resource's create and update and returns its verdict. */
export async function checkMassAssignment(ctx: SuiteContext, invariant: string): Promise<InvariantVerdict> {
  const targets = Object.entries(ctx.config.resources).flatMap(([resource, c]) => [
    ...(['create', 'update'] as const).filter((op) => c[op]).map((op) => ({ resource, op: op as WriteOp, foreignParent: false })),
    ...(c.create && c.parent ? [{ resource, op: 'create' as WriteOp, foreignParent: true }] : []),
  ]);
  const arbitrary = fc
    .constantFrom(...targets)
    .chain((target) =>
      fc.record({ target: fc.constant(target), pair: crossTenantPair(ctx.world.users), fields: ownershipFields(ownershipFieldNames(ctx, target.resource)) }),
    );
  return checkProperty(ctx, {
    invariant,
    arbitrary,
    // On every write before the random cases: the contract's own tenant column, then its user
    // column, then every field at once. Examples are not shrunk (the arbitrary is chained), so
    // the single-field ones come first and a counterexample names the one field obeyed.
    examples: targets.flatMap((target) => {
      const columns = ownerColumns(ctx, target.resource);
      const pair = { actor: firstOfOtherTenant(ctx), victim: 0 };
      // Under a foreign parent the path alone is the attack: no field first.
      const fieldSets = target.foreignParent
        ? [{ tenant: [], user: [] }]
        : [{ tenant: [columns.tenant], user: [] }, { tenant: [], user: [columns.user] }, ownershipFieldNames(ctx, target.resource)];
      return fieldSets.map((fields) => ({
        target,
        pair,
        fields,
      }));
    }),
    async control({ target: { resource, op }, pair }) {
      const actor = ctx.world.users[pair.actor]!;
      const { req, canary } = await writeRequest(ctx, invariant, resource, op, actor);
      const res = await ctx.send(invariant, { actor }, req, `control:${op}`);
      const expected = expectationOf(ctx, resource, op, 'succeeded');
      if (!matches(expected, res))
        return `the actor's plain ${op} of ${resource} got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      const stored = await locateCanaries(ctx, [canary]);
      if (!stored.some((o) => o.resource === resource))
        return `the actor's plain ${op} of ${resource} succeeded but its canary is not stored in ${resourceContract(ctx, resource).table}`;
      return undefined;
    },
    async probe({ target: { resource, op, foreignParent }, pair, fields }) {
      const actor = ctx.world.users[pair.actor]!;
      const victim = ctx.world.users[pair.victim]!;
      const parent = resourceContract(ctx, resource).parent;
      const parentId = foreignParent && parent ? ownParent(ctx, parent.resource, victim) : undefined;
      const { req, canary } = await writeRequest(ctx, invariant, resource, op, actor, parentId);
      const injected = withBodyFields(ctx, resource, req, {
        ...Object.fromEntries(fields.tenant.map((f) => [f, victim.tenantId])),
        ...Object.fromEntries(fields.user.map((f) => [f, victim.id])),
      });
      const res = await ctx.send(invariant, { actor }, injected, `mass-assign:${op}`);
      const stored = await locateCanaries(ctx, [canary]);
      const misplaced = [];
      for (const o of stored) {
        const where = await misplacement(ctx, o, actor);
        if (where) misplaced.push({ ...o, where });
      }
      if (misplaced.length === 0) return undefined;
      const row = misplaced[0]!;
      const how = [fields.tenant.length + fields.user.length > 0 && `with ${describeFields(fields)}`, parentId && `under ${parent!.resource} ${parentId}`]
        .filter(Boolean)
        .join(' and ');
      return {
        invariant,
        message: `${op} of ${resource} by tenant ${actor.tenantIndex} ${how} naming tenant ${victim.tenantIndex}: answered ${res.status} and the row ${row.id} ${row.where}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource, id: row.id },
        steps: [
          step(
            injected,
            res,
            `stored owner: tenant id ${row.tenant}${row.user ? ` user id ${row.user}` : ''}; expected tenant id ${actor.tenantId} user id ${actor.id}`,
          ),
        ],
        labels: { fields: describeFields(fields), operation: `${resource}.${op}${parentId ? ' under a foreign parent' : ''}` },
      };
    },
  });
}

/** A plain create, or an update of a fresh row the actor owns, each carrying a fresh canary. */
async function writeRequest(
  ctx: SuiteContext,
  invariant: string,
  resource: string,
  op: WriteOp,
  actor: UserRecord,
  parentId?: string,
): Promise<{ req: ProbeRequest; canary: string }> {
  const id = op === 'update' ? (await createScratch(ctx, invariant, resource, actor)).id : undefined;
  const { req, canary } = buildRequest(ctx, resource, op, actor, id, undefined, { parentId });
  return { req, canary: canary! };
}

/** Where a stored row is wrong for `actor`: another tenant or user, or under another tenant's parent; undefined when right. */
async function misplacement(ctx: SuiteContext, origin: CanaryOrigin, actor: UserRecord): Promise<string | undefined> {
  if (!sameId(origin.tenant, actor.tenantId) || (origin.user !== undefined && !sameId(origin.user, actor.id)))
    return `is stored as tenant id ${origin.tenant}${origin.user ? ` user id ${origin.user}` : ''}, not the actor's`;
  const parent = resourceContract(ctx, origin.resource).parent;
  if (!parent || origin.parent === undefined) return undefined;
  const parentOwner = await rowOwnerByKey(ctx, parent.resource, origin.parent);
  if (parentOwner && !sameId(parentOwner.tenant, actor.tenantId))
    return `is stored under ${parent.resource} ${origin.parent} of tenant id ${parentOwner.tenant}, not under one of the actor's tenant`;
  return undefined;
}

function describeFields(fields: OwnershipFields): string {
  return [...fields.tenant, ...fields.user].join(', ');
}

/** World index of the first user outside tenant 0, the actor of the all-fields examples. */
function firstOfOtherTenant(ctx: SuiteContext): number {
  return ctx.world.users.find((u) => u.tenantIndex !== ctx.world.users[0]!.tenantIndex)!.index;
}
