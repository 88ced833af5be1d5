/**
 * Reading list and search operations through the contract: the ids a list returns (`items` and
 * `itemId`, default `item.id`, mapped to stored keys) and whether the list request carries a search term at all.
 */
import type { ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../world.ts';
import type { SuiteContext } from './context.ts';
import { resourceContract, storedKeyOf } from './operations.ts';

/** The stored keys of the items a list response carries, as text, to compare with ground truth. */
export function listedIds(ctx: SuiteContext, resource: string, res: ProbeResponse): string[] {
  const list = resourceContract(ctx, resource).list;
  if (!list) throw new Error(`resource ${resource} declares no list`);
  const itemId = list.itemId ?? ((item: unknown) => (item as { id?: string | number } | null)?.id);
  return list.items(res).map((item) => storedKeyOf(ctx, resource, String(itemId(item))));
}

/**
 * Whether the resource's list request changes with a search term: a contract whose list ignores
 * `search` has no search to attack, and searching it would only repeat the unfiltered list.
 */
export function supportsSearch(ctx: SuiteContext, resource: string, actor: UserRecord): boolean {
  const list = resourceContract(ctx, resource).list;
  return list !== undefined && JSON.stringify(list.request({ actor, search: 'tpc-probe' })) !== JSON.stringify(list.request({ actor }));
}
