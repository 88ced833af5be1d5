/**
 * Reading list, search and batch answers through the contract: the ids they return (`items` and
 * `itemId`, default `item.id`, mapped to stored keys) and whether the list request carries a search term at all.
 */
import type { ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { listRequest, resourceContract, storedKeyOf } from './operations.ts';

/** The stored keys of the items a list (or, with `from: 'batch'`, a batch read) answer carries, as text, to compare with ground truth. */
export function listedIds(ctx: SuiteContext, resource: string, res: ProbeResponse, from: 'list' | 'batch' = 'list'): string[] {
  const answer = resourceContract(ctx, resource)[from];
  if (!answer) throw new Error(`resource ${resource} declares no ${from}`);
  const itemId = answer.itemId ?? ((item: unknown) => (item as { id?: string | number } | null)?.id);
  return answer.items(res).map((item) => storedKeyOf(ctx, resource, String(itemId(item))));
}

/**
 * Whether the resource's list request changes with a search term: a contract whose list ignores
 * `search` has no search to attack, and searching it would only repeat the unfiltered list.
 */
export function supportsSearch(ctx: SuiteContext, resource: string, actor: UserRecord): boolean {
  return (
    resourceContract(ctx, resource).list !== undefined &&
    JSON.stringify(listRequest(ctx, resource, actor, 'tpc-probe')) !== JSON.stringify(listRequest(ctx, resource, actor))
  );
}
