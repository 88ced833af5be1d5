/**
 * Reading list, search and batch answers through the contract: the ids they return (`items` and
 * `itemId`, default `item.id`, mapped to stored keys), every page of a paginated list (`next`),
 * and whether the list request carries a search term at all.
 */
import { describeAnswer, matches } from '../checks/expectation.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { expectationOf, listRequest, resourceContract, storedKeyOf } from './operations.ts';

/** Pages in a row that list nothing new before a list is taken to loop (a cursor that does not advance). */
export const STALE_PAGES = 3;
/** Most pages a list is followed for, however much each adds: a run must not be held by one list. */
export const MAX_LIST_PAGES = 1000;

/** A list followed through its pages (`list.next`): each page's answer, the ids they list, and why it stopped short of its end. */
export interface FollowedList {
  pages: ProbeResponse[];
  ids: string[];
  /** Why the last page was not reached (a page not served, a loop, the page limit): the ids are then only some of the list. */
  incomplete?: string;
}

/**
 * Sends `first` and, while the contract's `next` names another page, that page, through `send`
 * (which records and judges each answer). Undefined when the first page is not a success. Each
 * page must list something new, so a list's length bounds its pages: no page limit to declare.
 */
export async function followList(
  ctx: SuiteContext,
  resource: string,
  first: ProbeRequest,
  send: (req: ProbeRequest, page: number) => Promise<ProbeResponse>,
): Promise<FollowedList | undefined> {
  const { next } = resourceContract(ctx, resource).list!;
  const succeeded = expectationOf(ctx, resource, 'list', 'succeeded');
  const out: FollowedList = { pages: [], ids: [] };
  const seen = new Set<string>();
  let stale = 0;
  for (let req: ProbeRequest | undefined = first; req !== undefined;) {
    if (out.pages.length === MAX_LIST_PAGES) return { ...out, incomplete: `it has more than ${MAX_LIST_PAGES} pages` };
    const res = await send(req, out.pages.length);
    if (!matches(succeeded, res))
      return out.pages.length === 0 ? undefined : { ...out, incomplete: `page ${out.pages.length + 1} got ${describeAnswer(succeeded, res)}` };
    out.pages.push(res);
    const ids = listedIds(ctx, resource, res);
    out.ids.push(...ids);
    stale = ids.some((id) => !seen.has(id)) ? 0 : stale + 1;
    for (const id of ids) seen.add(id);
    if (stale === STALE_PAGES) return { ...out, incomplete: `${STALE_PAGES} pages in a row listed nothing new (does list.next advance?)` };
    req = next?.(res, req);
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
