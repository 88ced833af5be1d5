/**
 * Contract operations as suites use them: build a request for any operation of any resource,
 * create scratch resources as their rightful owner, and read ground truth from the admin side.
 */
import { faker } from '@faker-js/faker';
import type { Actor, Expectation, ResourceContract } from '../config/schema.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { makeCanary } from '../checks/canaries.ts';
import { matches } from '../checks/expectation.ts';
import { storedKey } from '../config/stored-key.ts';
import type { UserRecord } from '../world.ts';
import type { SuiteContext } from './context.ts';

export type OperationName = 'create' | 'read' | 'list' | 'update' | 'delete';
export const OPERATIONS: readonly OperationName[] = ['create', 'read', 'list', 'update', 'delete'];

/** Every (resource, operation) pair the contract declares. */
export function declaredOperations(ctx: SuiteContext): Array<{ resource: string; op: OperationName }> {
  return Object.entries(ctx.config.resources).flatMap(([resource, contract]) =>
    OPERATIONS.filter((op) => contract[op] !== undefined).map((op) => ({ resource, op })),
  );
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

/**
 * Builds the request of one operation as `actor`; `id` is needed by read, update and delete. `fill`
 * fixes the canary and text of a write, so two builds differ only by what else differs.
 */
export function buildRequest(ctx: SuiteContext, resource: string, op: OperationName, actor: Actor, id?: string, fill?: { canary: string; text: string }): { req: ProbeRequest; canary?: string } {
  const contract = resourceContract(ctx, resource);
  const text = fill?.text ?? faker.lorem.sentence();
  switch (op) {
    case 'create': {
      const canary = fill?.canary ?? canaryFor(ctx, actor);
      return { req: contract.create.request({ actor, canary, text }), canary };
    }
    case 'update': {
      const canary = fill?.canary ?? canaryFor(ctx, actor);
      return { req: need(contract.update, resource, op).request({ actor, canary, text, id: need(id, resource, 'id') }), canary };
    }
    case 'read':
      return { req: need(contract.read, resource, op).request({ actor, id: need(id, resource, 'id') }) };
    case 'delete':
      return { req: need(contract.delete, resource, op).request({ actor, id: need(id, resource, 'id') }) };
    case 'list':
      return { req: need(contract.list, resource, op).request({ actor }) };
  }
}

function need<T>(value: T | undefined, resource: string, what: string): T {
  if (value === undefined) throw new Error(`resource ${resource} declares no ${what}`);
  return value;
}

/** Creates a resource through the target's API as its owner; throws when the target refuses. */
export async function createScratch(ctx: SuiteContext, invariant: string, resource: string, owner: UserRecord): Promise<{ id: string; canary: string; res: ProbeResponse }> {
  const { req, canary } = buildRequest(ctx, resource, 'create', owner);
  const res = await ctx.send(invariant, { actor: owner }, req, 'setup:create');
  const id = resourceContract(ctx, resource).create.id(res);
  if (!matches(expectationOf(ctx, resource, 'create', 'succeeded'), res) || id === undefined) {
    throw new Error(`setup: creating ${resource} as its owner was refused (${res.status} ${res.text.slice(0, 200)})`);
  }
  return { id: String(id), canary: canary!, res };
}

/** The stored key (idColumn value, as text) of the row the API calls `id`. */
export function storedKeyOf(ctx: SuiteContext, resource: string, id: string): string {
  return storedKey(resourceContract(ctx, resource), resource, id);
}

/** The row the API calls `id` as the database holds it (admin connection), or undefined when it does not exist. */
export async function rowSnapshot(ctx: SuiteContext, resource: string, id: string): Promise<string | undefined> {
  const { table, idColumn } = resourceContract(ctx, resource);
  const { rows } = await ctx.admin.query<{ row: string }>(`select row_to_json(t)::text as row from ${quoteIdent(table)} t where ${quoteIdent(idColumn)}::text = $1`, [storedKeyOf(ctx, resource, id)]);
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
      const { rows } = await ctx.admin.query<{ digest: string }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${quoteIdent(table)} t`);
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
