/**
 * Reading list, search and batch answers through the contract: the ids they return (`items` and
 * `itemId`, default `item.id`, mapped to stored keys), every page of a paginated list (`next`),
 * and whether the list request carries a search term at all.
 */
import { matches } from '../checks/expectation.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { expectationOf, listRequest, resourceContract, storedKeyOf } from './operations.ts';

/** Most pages a list is followed for: a next page that never ends must not hold the run. */
export const MAX_LIST_PAGES = 50;

/** A list followed through its pages (`list.next`): each page's answer, the ids they list, and whether the last page was reached. */
export interface FollowedList {
  pages: ProbeResponse[];
  ids: string[];
  /** False when a later page was not served or the page limit was reached: the ids are then only some of the list. */
  complete: boolean;
}

/**
 * Sends `first` and, while the contract's `next` names another page, that page, through `send`
 * (which records and judges each answer). Undefined when the first page is not a success.
 */
export async function followList(
  ctx: SuiteContext,
  resource: string,
  first: ProbeRequest,
  send: (req: ProbeRequest, page: number) => Promise<ProbeResponse>,
): Promise<FollowedList | undefined> {
  const { next } = resourceContract(ctx, resource).list!;
  const succeeded = expectationOf(ctx, resource, 'list', 'succeeded');
  const out: FollowedList = { pages: [], ids: [], complete: false };
  for (let req: ProbeRequest | undefined = first; req !== undefined && out.pages.length < MAX_LIST_PAGES;) {
    const res = await send(req, out.pages.length);
    if (!matches(succeeded, res)) return out.pages.length === 0 ? undefined : out;
    out.pages.push(res);
    out.ids.push(...listedIds(ctx, resource, res));
    req = next?.(res, req);
    if (req === undefined) out.complete = true;
  }
  return out;
}

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
