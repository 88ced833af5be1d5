/**
 * REST resources from path templates: `/notes` is a collection and `/notes/{id}` its item, and
 * `/projects/{projectId}/tasks` a collection nested under `/projects`. A collection is a resource
 * when it has an item path, or both POST and GET (create and list); anything else (an action such
 * as `/notes/{id}/archive`, a polling endpoint) is left to the user.
 */
import type { OperationName } from './draft-model.ts';

export interface RestRoute {
  method: string;
  path: string;
}

export interface RestResource<R extends RestRoute> {
  key: string;
  collectionPath: string;
  itemPath?: string;
  /** The item path's id parameter. */
  idParam?: string;
  /** Path parameters before the collection (`projectId`), in order. */
  parentParams: string[];
  /** The collection the resource is nested under, when there is one. */
  parentPath?: string;
  operations: Partial<Record<OperationName, R>>;
}

const PARAM = /^\{([^}]+)\}$/;
const paramOf = (segment: string) => PARAM.exec(segment)?.[1];

/** Resources in the order their collections first appear, and the routes that belong to none. */
export function restResources<R extends RestRoute>(routes: readonly R[]): { resources: RestResource<R>[]; others: R[] } {
  const byPath = new Map<string, R[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  const at = (path: string | undefined, method: string) => (path === undefined ? undefined : byPath.get(path)?.find((r) => r.method === method));

  const collections = new Map<string, { itemPath?: string; idParam?: string }>();
  for (const path of byPath.keys()) {
    const segments = path.split('/').filter(Boolean);
    const last = segments.at(-1);
    if (last === undefined) continue;
    const id = paramOf(last);
    const collection = id === undefined ? path : `/${segments.slice(0, -1).join('/')}`;
    if (segments.length < 2 && id !== undefined) continue;
    if (id !== undefined && paramOf(segments.at(-2)!) !== undefined) continue;
    const entry = collections.get(collection) ?? {};
    if (id !== undefined) Object.assign(entry, { itemPath: path, idParam: id });
    collections.set(collection, entry);
  }

  const resources: RestResource<R>[] = [];
  const claimed = new Set<R>();
  for (const [collectionPath, { itemPath, idParam }] of collections) {
    const create = at(collectionPath, 'post');
    const list = at(collectionPath, 'get');
    if (itemPath === undefined && !(create && list)) continue;
    const operations: RestResource<R>['operations'] = {
      create,
      list,
      read: at(itemPath, 'get'),
      update: at(itemPath, 'patch') ?? at(itemPath, 'put'),
      delete: at(itemPath, 'delete'),
    };
    for (const route of Object.values(operations)) if (route) claimed.add(route);
    const segments = collectionPath.split('/').filter(Boolean);
    const parentParams = segments.map(paramOf).filter((p): p is string => p !== undefined);
    const parentIndex = segments.findLastIndex((s) => paramOf(s) !== undefined);
    resources.push({
      key: '',
      collectionPath,
      itemPath,
      idParam,
      parentParams,
      parentPath: parentIndex > 0 ? `/${segments.slice(0, parentIndex).join('/')}` : undefined,
      operations,
    });
  }
  nameResources(resources);
  return { resources, others: routes.filter((r) => !claimed.has(r)) };
}

/** Keys from the collection's last segment; on a clash, prefixed with the segments before it. */
function nameResources(resources: RestResource<RestRoute>[]): void {
  const literals = (r: RestResource<RestRoute>) => r.collectionPath.split('/').filter((s) => s && paramOf(s) === undefined);
  const keyOf = (r: RestResource<RestRoute>, depth: number) => contractKey(literals(r).slice(-depth));
  for (const r of resources) {
    let depth = 1;
    while (depth < literals(r).length && resources.some((o) => o !== r && keyOf(o, 1) === keyOf(r, depth))) depth += 1;
    r.key = keyOf(r, depth);
  }
}

/** `['tenant-notes']` -> `tenantNotes`: a key the contract accepts (`^[a-z][a-zA-Z0-9_-]*$`). */
export function contractKey(words: readonly string[]): string {
  const parts = words.flatMap((w) => w.split(/[^A-Za-z0-9]+/)).filter(Boolean);
  const camel = parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : p[0]!.toUpperCase() + p.slice(1))).join('');
  return /^[a-z]/.test(camel) ? camel : `r${camel}`;
}
