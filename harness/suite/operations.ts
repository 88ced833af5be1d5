/**
 * Contract operations as suites use them: build a request for any operation of any resource,
 * create scratch resources as their rightful owner, and read ground truth from the admin side.
 */
import { filler } from '../provision/filler.ts';
import type { Actor, Expectation, ResourceContract } from '../config/schema.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { makeCanary } from '../checks/canaries.ts';
import { matches } from '../checks/expectation.ts';
import { storedKey } from '../config/stored-key.ts';
import { seedRow } from '../provision/seed-row.ts';
import type { UserRecord } from '../provision/world.ts';
import { parentIdFor, rememberParent } from './parents.ts';
import type { SuiteContext } from './suite-context.ts';

export type OperationName = 'create' | 'read' | 'list' | 'update' | 'delete' | 'batch';
export const OPERATIONS: readonly OperationName[] = ['create', 'read', 'list', 'update', 'delete', 'batch'];

/** Every (resource, operation) pair the contract declares. */
export function declaredOperations(ctx: SuiteContext): Array<{ resource: string; op: OperationName }> {
  return operationsOf(ctx.config.resources);
}

/** Every (resource, operation) pair of a contract's `resources`, without a suite context (the CLI's coverage report). */
export function operationsOf(resources: SuiteContext['config']['resources']): Array<{ resource: string; op: OperationName }> {
  return Object.entries(resources).flatMap(([resource, contract]) => OPERATIONS.filter((op) => contract[op] !== undefined).map((op) => ({ resource, op })));
}

export function resourceContract(ctx: SuiteContext, resource: string): ResourceContract {
  const contract = ctx.config.resources[resource];
  if (!contract) throw new Error(`resource ${resource} is not in the contract`);
  return contract;
}

/** The expectation of `kind` for one operation: its own override, else the contract default. */
export function expectationOf(
  ctx: SuiteContext,
  resource: string,
  op: OperationName,
  kind: 'succeeded' | 'refused' | 'unauthenticated' | 'identityIncomplete',
): Expectation {
  return resourceContract(ctx, resource)[op]?.[kind] ?? ctx.config.expectations[kind];
}

/** A fresh canary owned by `actor`, with the world indices that make a leak traceable. */
export function canaryFor(ctx: SuiteContext, actor: Actor): string {
  const user = ctx.userOf(actor.id);
  return makeCanary(user.tenantIndex, user.index);
}

/** What else a request may be built with: the parent it is addressed under, the ids of a batch. */
export interface RequestExtras {
  /** Address a nested resource's request under this parent instead of the row's own (or the actor's). */
  parentId?: string;
  /** The ids of a batch read; default `[id]`, else two of the actor's provisioned rows. */
  ids?: string[];
}

/**
 * Builds the request of one operation as `actor`; `id` is needed by read, update and delete. `fill`
 * fixes the canary and text of a write, so two builds differ only by what else differs. A nested
 * resource's request is addressed under the row's own parent, or for a create, list or batch
 * under one of the actor's (see parents.ts), unless `extras.parentId` says otherwise.
 */
export function buildRequest(
  ctx: SuiteContext,
  resource: string,
  op: OperationName,
  actor: Actor,
  id?: string,
  fill?: { canary: string; text: string },
  extras: RequestExtras = {},
): { req: ProbeRequest; canary?: string; parentId?: string } {
  const built = contractRequest(ctx, resource, op, actor, id, fill, extras);
  return { ...built, req: { ...built.req, operation: `${resource}.${op}` } };
}

function contractRequest(
  ctx: SuiteContext,
  resource: string,
  op: OperationName,
  actor: Actor,
  id: string | undefined,
  fill: { canary: string; text: string } | undefined,
  extras: RequestExtras,
): { req: ProbeRequest; canary?: string; parentId?: string } {
  const contract = resourceContract(ctx, resource);
  const text = fill?.text ?? filler.sentence();
  const byId = op === 'read' || op === 'update' || op === 'delete';
  const parentId = parentIdFor(ctx, resource, actor, byId ? need(id, resource, 'id') : undefined, extras.parentId);
  const nested = parentId === undefined ? {} : { parentId };
  switch (op) {
    case 'create': {
      const canary = fill?.canary ?? canaryFor(ctx, actor);
      return { req: need(contract.create, resource, op).request({ actor, canary, text, ...nested }), canary, parentId };
    }
    case 'update': {
      const canary = fill?.canary ?? canaryFor(ctx, actor);
      return { req: need(contract.update, resource, op).request({ actor, canary, text, id: id!, ...nested }), canary, parentId };
    }
    case 'read':
      return { req: need(contract.read, resource, op).request({ actor, id: id!, ...nested }), parentId };
    case 'delete':
      return { req: need(contract.delete, resource, op).request({ actor, id: id!, ...nested }), parentId };
    case 'list':
      return { req: listRequest(ctx, resource, actor, undefined, parentId), parentId };
    case 'batch': {
      const ids = extras.ids ?? (id !== undefined ? [id] : ownRows(ctx, resource, actor).slice(0, 2));
      if (ids.length === 0) throw new Error(`a batch of ${resource} as ${actor.id} needs ids, and the actor owns no provisioned row`);
      return { req: need(contract.batch, resource, op).request({ actor, ids, ...nested }), parentId };
    }
  }
}

/** A list (or, with `search`, a search) of `resource` as `actor`, under `parentId` or one of the actor's parents. */
export function listRequest(ctx: SuiteContext, resource: string, actor: Actor, search?: string, parentId?: string): ProbeRequest {
  const nestedUnder = parentIdFor(ctx, resource, actor, undefined, parentId);
  const req = need(resourceContract(ctx, resource).list, resource, 'list').request({
    actor,
    ...(search === undefined ? {} : { search }),
    ...(nestedUnder === undefined ? {} : { parentId: nestedUnder }),
  });
  return { ...req, operation: `${resource}.list` };
}

/** API ids of the provisioned rows of `resource` that `actor` owns. */
export function ownRows(ctx: SuiteContext, resource: string, actor: Actor): string[] {
  return ctx.world.resources.filter((r) => r.type === resource && r.ownerId === actor.id).map((r) => r.id);
}

function need<T>(value: T | undefined, resource: string, what: string): T {
  if (value === undefined) throw new Error(`resource ${resource} declares no ${what}`);
  return value;
}

/**
 * The id a create answer names, remembered with the parent it was created under (so later
 * requests on the row are addressed there); undefined when the answer names none.
 */
export function createdId(ctx: SuiteContext, resource: string, res: ProbeResponse, parentId: string | undefined): string | undefined {
  const id = need(resourceContract(ctx, resource).create, resource, 'create').id(res);
  if (id === undefined) return undefined;
  rememberParent(ctx, resource, String(id), parentId);
  return String(id);
}

/**
 * Makes a row of `resource` owned by `owner` and carrying a fresh canary: through the target's API
 * as its owner (throws when the target refuses), or for a read-only resource through the
 * contract's `seed` on the admin connection.
 */
export async function createScratch(ctx: SuiteContext, invariant: string, resource: string, owner: UserRecord): Promise<{ id: string; canary: string }> {
  const contract = resourceContract(ctx, resource);
  if (!contract.create) {
    const canary = canaryFor(ctx, owner);
    const parentId = parentIdFor(ctx, resource, owner);
    const admin = await ctx.admin.connect();
    try {
      const id = await seedRow(admin, contract, resource, {
        actor: owner,
        canary,
        text: filler.sentence(),
        ...(parentId === undefined ? {} : { parentId }),
      });
      rememberParent(ctx, resource, id, parentId);
      ctx.evidence.write({ invariant, kind: 'sql', label: 'setup:seed', request: { resource, owner: owner.id }, outcome: `seeded ${resource} ${id}` });
      return { id, canary };
    } finally {
      admin.release();
    }
  }
  const { req, canary, parentId } = buildRequest(ctx, resource, 'create', owner);
  const res = await ctx.send(invariant, { actor: owner }, req, 'setup:create');
  const id = createdId(ctx, resource, res, parentId);
  if (!matches(expectationOf(ctx, resource, 'create', 'succeeded'), res) || id === undefined) {
    throw new Error(`setup: creating ${resource} as its owner was refused (${res.status} ${res.text.slice(0, 200)})`);
  }
  return { id, canary: canary! };
}

/** The stored key (idColumn value, as text) of the row the API calls `id`. */
export function storedKeyOf(ctx: SuiteContext, resource: string, id: string): string {
  return storedKey(resourceContract(ctx, resource), resource, id);
}

/** The row the API calls `id` as the database holds it (admin connection), or undefined when it does not exist. */
export async function rowSnapshot(ctx: SuiteContext, resource: string, id: string): Promise<string | undefined> {
  const { table, idColumn } = resourceContract(ctx, resource);
  const { rows } = await ctx.admin.query<{ row: string }>(
    `select row_to_json(t)::text as row from ${quoteIdent(table)} t where ${quoteIdent(idColumn)}::text = $1`,
    [storedKeyOf(ctx, resource, id)],
  );
  return rows[0]?.row;
}

/**
 * Adds fields to a create or update request where the resource takes its input: the contract's
 * `withFields` (a GraphQL input object, an RPC envelope), else the top level of a JSON object body.
 */
export function withBodyFields(ctx: SuiteContext, resource: string, req: ProbeRequest, fields: Record<string, unknown>): ProbeRequest {
  const custom = resourceContract(ctx, resource).withFields;
  if (custom) return custom(req, fields);
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw new Error(`the ${resource} write body is not a JSON object; declare resources.${resource}.withFields to say where fields go`);
  }
  return { ...req, body: { ...(req.body as Record<string, unknown>), ...fields } };
}

/** A digest of every resource table: equal digests mean nothing was written. */
export async function tablesDigest(ctx: SuiteContext): Promise<string> {
  const tables = [...new Set(Object.values(ctx.config.resources).map((r) => r.table))].sort();
  const parts = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await ctx.admin.query<{ digest: string }>(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${quoteIdent(table)} t`,
      );
      return `${table}:${rows[0]?.digest}`;
    }),
  );
  return parts.join(',');
}

/** Quotes an SQL identifier, allowing `schema.table`. */
export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
