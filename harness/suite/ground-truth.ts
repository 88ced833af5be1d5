/**
 * Ground truth about ownership, read on tenantproof's own admin connection: which rows an actor
 * may see, who owns a row, and which row a leaked canary came from. Checks compare the target's
 * answers with these, never with what the target says about itself.
 */
import type { Actor } from '../config/schema.ts';
import type { SuiteContext } from './suite-context.ts';
import { quoteIdent, resourceContract, storedKeyOf } from './operations.ts';

/** Who owns a row: its tenant, and its user when the table has a user column. */
export interface RowOwner {
  tenant: string;
  user?: string;
  /** A nested row's parent: the stored key its `parent.column` holds, as text. */
  parent?: string;
}

/** Where a leaked canary is stored: the resource, the row and its owner. */
export interface CanaryOrigin extends RowOwner {
  canary: string;
  resource: string;
  id: string;
}

/**
 * The tenant and user columns of a resource's table: the resource's own names, else the
 * database-wide ones. The user column may not exist on a tenant-scoped table; readers tolerate that.
 */
export function ownerColumns(ctx: SuiteContext, resource: string): OwnerColumns {
  const contract = resourceContract(ctx, resource);
  return {
    tenant: contract.tenantColumn ?? ctx.config.database.tenantColumn,
    user: contract.userColumn ?? ctx.config.database.userColumn,
    ...(contract.parent ? { parent: contract.parent.column } : {}),
  };
}

interface OwnerColumns {
  tenant: string;
  user: string;
  parent?: string;
}

/** Whether `actor` may see a row owned by `owner` under the resource's declared scope. */
export function mayAccess(ctx: SuiteContext, resource: string, actor: Actor, owner: RowOwner): boolean {
  if (!sameId(owner.tenant, actor.tenantId)) return false;
  return resourceContract(ctx, resource).scope === 'tenant' || sameId(owner.user, actor.id);
}

/** A row as ground truth for a list: its owner, and whether the API still shows it (the contract's `liveRows`). */
export interface ListedRowOwner extends RowOwner {
  live: boolean;
}

/**
 * Every row of a resource with its owner, keyed by its stored key as text. A softly deleted row
 * (not `liveRows`) is one a list need not show, but it still has an owner: listed to a stranger,
 * it is still a leak.
 */
export async function rowOwners(ctx: SuiteContext, resource: string): Promise<Map<string, ListedRowOwner>> {
  const { table, idColumn, liveRows } = resourceContract(ctx, resource);
  const columns = ownerColumns(ctx, resource);
  const { rows } = await ctx.admin
    .query<{ id: string; row: Record<string, unknown>; live: boolean | null }>(
      `select ${quoteIdent(idColumn)}::text as id, row_to_json(t) as row, ${liveRows ? `(${liveRows})` : 'true'} as live from ${quoteIdent(table)} t`,
    )
    .catch((error: Error) => {
      throw liveRows ? new Error(`resources.${resource}.liveRows (${liveRows}) is not a condition on ${table}: ${error.message}`, { cause: error }) : error;
    });
  return new Map(rows.map((r) => [r.id, { ...ownerOf(r.row, columns), live: r.live === true }]));
}

/** The owner of the row the API calls `id`, or undefined when it does not exist. */
export async function rowOwner(ctx: SuiteContext, resource: string, id: string): Promise<RowOwner | undefined> {
  return rowOwnerByKey(ctx, resource, storedKeyOf(ctx, resource, id));
}

/** The owner of the row whose stored key (idColumn value) is `key`, or undefined when it does not exist. */
export async function rowOwnerByKey(ctx: SuiteContext, resource: string, key: string): Promise<RowOwner | undefined> {
  const { table, idColumn } = resourceContract(ctx, resource);
  const { rows } = await ctx.admin.query<{ row: Record<string, unknown> }>(
    `select row_to_json(t) as row from ${quoteIdent(table)} t where ${quoteIdent(idColumn)}::text = $1`,
    [key],
  );
  return rows[0] && ownerOf(rows[0].row, ownerColumns(ctx, resource));
}

/**
 * The rows (of any declared resource) whose stored text contains one of `canaries`, with their
 * owners: how a leaked canary is mapped back to its victim row. One query per table.
 */
export async function locateCanaries(ctx: SuiteContext, canaries: readonly string[]): Promise<CanaryOrigin[]> {
  if (canaries.length === 0) return [];
  const found = await Promise.all(
    Object.entries(ctx.config.resources).map(async ([resource, { table, idColumn }]) => {
      const { rows } = await ctx.admin.query<{ id: string; row: Record<string, unknown>; canary: string }>(
        `select ${quoteIdent(idColumn)}::text as id, row_to_json(t) as row, c as canary
           from ${quoteIdent(table)} t, unnest($1::text[]) c where strpos(row_to_json(t)::text, c) > 0`,
        [canaries],
      );
      return rows.map((r) => ({ canary: r.canary, resource, id: r.id, ...ownerOf(r.row, ownerColumns(ctx, resource)) }));
    }),
  );
  return found.flat();
}

/** Ids compared as the database prints them (uuids in any case, integers as text). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function ownerOf(row: Record<string, unknown>, columns: OwnerColumns): RowOwner {
  const user = row[columns.user];
  const parent = columns.parent === undefined ? undefined : row[columns.parent];
  return {
    tenant: String(row[columns.tenant]),
    ...(user === undefined || user === null ? {} : { user: String(user) }),
    ...(parent === undefined || parent === null ? {} : { parent: String(parent) }),
  };
}
