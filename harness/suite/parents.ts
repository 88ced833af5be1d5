/**
 * Parents of nested resources (`resources.X.parent`): which parent a request on a child is
 * addressed under. A child the harness made is addressed under the parent it was made under
 * (remembered here, for the world's rows and every row made since); a create or list is addressed
 * under a provisioned parent the actor owns, or failing that one of the actor's tenant.
 */
import type { Actor } from '../config/schema.ts';
import type { World } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';

/** Per world (one per run, shared by every context spread from it): `resource id` -> parent API id. */
const remembered = new WeakMap<World, Map<string, string>>();

function registry(world: World): Map<string, string> {
  let map = remembered.get(world);
  if (!map) {
    map = new Map(world.resources.filter((r) => r.parentId !== undefined).map((r) => [`${r.type} ${r.id}`, r.parentId!]));
    remembered.set(world, map);
  }
  return map;
}

/** Records the parent a child was created under, so later requests on it are addressed the same way. */
export function rememberParent(ctx: Pick<SuiteContext, 'world'>, resource: string, id: string, parentId: string | undefined): void {
  if (parentId !== undefined) registry(ctx.world).set(`${resource} ${id}`, parentId);
}

/** The parent a child the harness made was created under, or undefined when it made no such row. */
export function parentOf(ctx: Pick<SuiteContext, 'world'>, resource: string, id: string): string | undefined {
  return registry(ctx.world).get(`${resource} ${id}`);
}

/**
 * The API id of a provisioned row of `parent` that `actor` may address children under: one the
 * actor owns, else (a tenant-scoped parent) one of the actor's tenant.
 */
export function ownParent(ctx: Pick<SuiteContext, 'world' | 'config'>, parent: string, actor: Actor): string {
  const rows = ctx.world.resources.filter((r) => r.type === parent);
  const row =
    rows.find((r) => r.ownerId === actor.id) ??
    (ctx.config.resources[parent]?.scope === 'tenant' ? rows.find((r) => r.tenantId === actor.tenantId) : undefined);
  if (!row) throw new Error(`no provisioned ${parent} of ${actor.id} (tenant ${actor.tenantId}) to address its children under`);
  return row.id;
}

/**
 * The parent a request on `resource` is addressed under: `explicit` when given (a probe under
 * another parent), the remembered parent of the row `id` names, else a parent of the actor's own.
 * Undefined for a resource without a parent.
 */
export function parentIdFor(ctx: Pick<SuiteContext, 'world' | 'config'>, resource: string, actor: Actor, id?: string, explicit?: string): string | undefined {
  const parent = ctx.config.resources[resource]?.parent;
  if (!parent) return undefined;
  if (explicit !== undefined) return explicit;
  if (id === undefined) return ownParent(ctx, parent.resource, actor);
  const known = parentOf(ctx, resource, id);
  if (known === undefined) throw new Error(`${resource} ${id} was not made by the harness, so the ${parent.resource} it is nested under is unknown`);
  return known;
}
