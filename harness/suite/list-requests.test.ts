import { describe, expect, test } from 'vitest';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { SuiteContext } from './suite-context.ts';
import { STALE_PAGES, followList } from './list-requests.ts';

/** A list paged by `?after=`, three ids a page, `next` the last id shown while more follow. */
const page = (ids: number[], next?: number, status = 200): ProbeResponse => {
  const json = { data: ids.map((id) => ({ id })), next: next ?? null };
  return { status, headers: {}, text: JSON.stringify(json), json } as ProbeResponse;
};
const contract = {
  list: {
    request: () => ({ method: 'GET', path: '/projects' }),
    items: (res: ProbeResponse) => (res.json as { data: unknown[] }).data,
    next: (res: ProbeResponse, req: ProbeRequest) => {
      const after = (res.json as { next: number | null }).next;
      return after === null ? undefined : { ...req, query: { after: String(after) } };
    },
  },
};
const ctx = { config: { resources: { projects: contract }, expectations: { succeeded: [200] } } } as unknown as SuiteContext;
const first = { method: 'GET', path: '/projects' };

/** A sender answering from `pages` by the `after` cursor (none for the first page). */
const serve = (pages: Record<string, ProbeResponse>) => {
  const asked: string[] = [];
  return {
    asked,
    send: async (req: ProbeRequest) => {
      const after = req.query?.after ?? '';
      asked.push(after);
      return pages[after] ?? page([], undefined, 404);
    },
  };
};

describe('followList', () => {
  test('follows next to the last page and lists every page', async () => {
    const { asked, send } = serve({ '': page([1, 2, 3], 3), '3': page([4, 5, 6], 6), '6': page([7]) });
    const followed = await followList(ctx, 'projects', first, send);
    expect(followed).toMatchObject({ ids: ['1', '2', '3', '4', '5', '6', '7'] });
    expect(followed?.incomplete).toBeUndefined();
    expect(asked).toEqual(['', '3', '6']);
  });

  test('a later page not served leaves the list incomplete, and a first page not served is no list', async () => {
    const broken = await followList(ctx, 'projects', first, serve({ '': page([1, 2, 3], 3) }).send);
    expect(broken).toMatchObject({ ids: ['1', '2', '3'], incomplete: 'page 2 got 404' });
    expect(await followList(ctx, 'projects', first, serve({}).send)).toBeUndefined();
  });

  test('a next that does not advance stops after three pages listing nothing new, incomplete', async () => {
    const stuck = async () => page([1, 2, 3], 3);
    const followed = await followList(ctx, 'projects', first, stuck);
    expect(followed?.pages).toHaveLength(1 + STALE_PAGES);
    expect(followed?.incomplete).toContain('listed nothing new');
  });

  test('pages that each add rows are followed past any small limit', async () => {
    let n = 0;
    const growing = async () => (++n < 120 ? page([n], n) : page([n]));
    expect((await followList(ctx, 'projects', first, growing))?.ids).toHaveLength(120);
  });

  test('without next the first page is the whole list', async () => {
    const single = {
      config: { resources: { projects: { list: { ...contract.list, next: undefined } } }, expectations: { succeeded: [200] } },
    } as unknown as SuiteContext;
    expect(await followList(single, 'projects', first, serve({ '': page([1, 2, 3], 3) }).send)).toMatchObject({ ids: ['1', '2', '3'] });
  });
});
