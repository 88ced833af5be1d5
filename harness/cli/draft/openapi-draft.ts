/**
 * A draft contract from an OpenAPI document (2.0, 3.0 or 3.1), parsed, dereferenced and
 * validated by @apidevtools/swagger-parser: resources and operations from the paths, ids from
 * the item path parameter, the transport from the security schemes, the health path from a public
 * GET. What the document cannot say is left to render-draft's TODOs.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { TenantproofError } from '../../errors/index.ts';
import { canaryFields } from './canary-fields.ts';
import type { DraftContract, DraftOperation, DraftResource, IdType } from './draft-model.ts';
import {
  fieldsOf,
  hasProperty,
  idTypeOf,
  itemsAccess,
  operationsOf,
  queryParams,
  requestSchema,
  responseSchema,
  securitySchemes,
  type Obj,
  type OpenApiOperation,
} from './openapi-document.ts';
import { draftTransport } from './openapi-security.ts';
import { restResources, type RestResource } from './rest-paths.ts';
import { memberAccess, propertyName, quote } from './ts-source.ts';

const HEALTH = /(^|\/)(health|healthz|livez?|readyz?|ping|status)$/i;
const SEARCH = /^(q|search|query|term|filter)$/i;
const TENANT_PARAM = /^(tenant|org|organi[sz]ation|account|workspace)_?id$/i;
const JSON_HELPER = 'const json = (res: { json: unknown }) => res.json as Record<string, unknown> | undefined;';

/** The draft for the document at `file`; `name` when the document has no title. */
export async function draftFromOpenApi(file: string, name: string, command: string): Promise<DraftContract> {
  let doc: Obj;
  try {
    doc = (await SwaggerParser.validate(file)) as unknown as Obj;
  } catch (cause) {
    throw new TenantproofError('INIT_SPEC_INVALID', `init: ${file} is not a valid OpenAPI document: ${(cause as Error).message}`, { cause });
  }
  const version = typeof doc['openapi'] === 'string' ? `OpenAPI ${doc['openapi']}` : `Swagger ${String(doc['swagger'])}`;
  const operations = operationsOf(doc);
  const transport = draftTransport(securitySchemes(doc), operations, operations.length > 0 ? documentSchemes(doc) : undefined);
  const health = operations.find((o) => o.method === 'get' && o.schemes?.length === 0 && HEALTH.test(o.path) && !o.path.includes('{'));
  const { resources, others } = restResources(operations.filter((o) => o !== health));
  const drafted = resources.map((r) => draftResource(r, resources));
  const parentParams = [...new Set(resources.flatMap((r) => r.parentParams))];
  const helpers = [JSON_HELPER];
  if (parentParams.length > 0) {
    helpers.push(
      '// TODO: nested resources: the harness creates no parents, so give each path an id of a parent the acting user may use.',
      `const parentIds = { ${parentParams.map((p) => `${propertyName(p)}: 'TODO'`).join(', ')} };`,
    );
  }
  const title = (doc['info'] as Obj | undefined)?.['title'];
  return {
    name: typeof title === 'string' && title.trim() !== '' ? title.trim() : name,
    source: `${version} document`,
    command,
    helpers,
    transport,
    healthPath: health
      ? { path: health.path, note: `From GET ${health.path} (public: security: []).` }
      : { path: '/health', note: 'TODO: the document has no public GET health route: the path tenantproof polls until the service is up.' },
    resources: drafted,
    notes: others.map((o) => otherNote(o, transport.scheme)),
  };
}

function documentSchemes(doc: Obj): string[] | undefined {
  const security = doc['security'];
  return Array.isArray(security) ? security.flatMap((r) => Object.keys(r as Obj)) : undefined;
}

function draftResource(r: RestResource<OpenApiOperation>, all: readonly RestResource<OpenApiOperation>[]): DraftResource {
  const item = r.operations.read ?? r.operations.update ?? r.operations.delete;
  const { idType, idFrom } = idTypeOf(item?.params.find((p) => p['in'] === 'path' && p['name'] === r.idParam));
  const parent = r.parentPath === undefined ? undefined : (all.find((o) => o.collectionPath === r.parentPath)?.key ?? r.parentPath.split('/').at(-1));
  const collection = pathSource(r.collectionPath, r.idParam);
  const itemPath = r.itemPath === undefined ? undefined : pathSource(r.itemPath, r.idParam);
  const operations: DraftResource['operations'] = { create: create(r, collection, idType) };
  if (r.operations.read && itemPath) operations.read = simple(r.operations.read, itemPath);
  if (r.operations.list) operations.list = list(r.operations.list, collection);
  if (r.operations.update && itemPath) operations.update = write(r.operations.update, itemPath, ['id']);
  if (r.operations.delete && itemPath) operations.delete = simple(r.operations.delete, itemPath);
  const todos = parent === undefined ? [] : [`TODO: nested under ${parent} (${r.parentPath}/{${r.parentParams.at(-1)}}): set parentIds above.`];
  return { key: r.key, from: [r.collectionPath, r.itemPath].filter(Boolean).join(', '), idType, idFrom, operations, keys: [], todos };
}

/** A path template as TypeScript: the id parameter from the builder's `id`, parents from `parentIds`. */
function pathSource(template: string, idParam: string | undefined): string {
  if (!template.includes('{')) return quote(template);
  const body = template.replace(/\{([^}]+)\}/g, (_, p: string) =>
    p === idParam ? '${encodeURIComponent(id)}' : `\${encodeURIComponent(${memberAccess('parentIds', p)})}`,
  );
  return `\`${body}\``;
}

const label = (o: OpenApiOperation) => `${o.method.toUpperCase()} ${o.path}`;

function create(r: RestResource<OpenApiOperation>, path: string, idType: IdType): DraftOperation {
  const route = r.operations.create;
  const base = route ? write(route, path, []) : { ...write(undefined, path, []), from: `(no route: POST ${r.collectionPath})` };
  const schema = route && responseSchema(route, ['201', '200', '202']);
  const todos = [...base.todos];
  if (!route)
    todos.unshift(
      `TODO: the document has no POST ${r.collectionPath}: how is one created? (create is required: the harness provisions each user's resources with it)`,
    );
  else if (!hasProperty(schema, 'id')) todos.push('TODO: the created response declares no id property: read the new id from where the service returns it.');
  const ts = idType === 'integer' ? 'number' : 'string';
  return { ...base, todos, keys: [['id', `(res) => json(res)?.id as ${ts} | undefined`]] };
}

/** A create or update: the body carries the canary in every free-text field. */
function write(route: OpenApiOperation | undefined, path: string, args: string[]): DraftOperation {
  const method = route?.method ?? 'post';
  const schema = route && requestSchema(route);
  const fields = canaryFields(fieldsOf(schema), 'name');
  const todos = schema ? fields.todos : ['TODO: the document declares no JSON request body: name the fields that store the canary (name is a guess).'];
  const used = [...args, ...(fields.usesCanary ? ['canary'] : []), ...(fields.usesText ? ['text'] : [])];
  return {
    from: route ? label(route) : '',
    request: `({ ${used.join(', ')} }) => ({ method: '${method.toUpperCase()}', path: ${path}, body: ${fields.source} })`,
    keys: [],
    todos,
  };
}

function simple(route: OpenApiOperation, path: string): DraftOperation {
  return { from: label(route), request: `({ id }) => ({ method: '${route.method.toUpperCase()}', path: ${path} })`, keys: [], todos: [] };
}

function list(route: OpenApiOperation, path: string): DraftOperation {
  const search = queryParams(route).find((p) => SEARCH.test(p.name) && (p.type === undefined || p.type === 'string'));
  const request = search
    ? `({ search }) => ({ method: 'GET', path: ${path}, query: search ? { ${search.name === 'search' ? 'search' : `${propertyName(search.name)}: search`} } : undefined })`
    : `() => ({ method: 'GET', path: ${path} })`;
  const access = itemsAccess(responseSchema(route, ['200']));
  const items =
    access?.property === undefined
      ? '(res) => (res.json as unknown[] | undefined) ?? []'
      : `(res) => (${memberAccess('json(res)', access.property, true)} as unknown[] | undefined) ?? []`;
  const todos = access ? [] : ['TODO: the 200 response is neither an array nor an object with one array property: where are the items?'];
  if (!search) todos.push('TODO: no search query parameter (q, search, ...) was found: list is drafted unfiltered.');
  return { from: label(route), request, keys: [['items', items]], todos };
}

/** A route that is no resource operation, with what the document suggests it is. */
function otherNote(o: OpenApiOperation, mainScheme: string | undefined): string {
  const hints: string[] = [];
  const responses = Object.keys((o.op['responses'] as Obj | undefined) ?? {});
  const upgrade = responses.includes('101') || o.params.some((p) => p['in'] === 'header' && String(p['name']).toLowerCase() === 'upgrade');
  if (upgrade) hints.push('a websocket upgrade: describe it under realtime');
  const own = (o.schemes ?? []).filter((s) => s !== mainScheme);
  if (own.length > 0) hints.push(`authenticates with ${own.join(', ')}${upgrade ? ' (realtime.auth)' : ''}`);
  const tenantParam = o.params.find((p) => p['in'] === 'path' && TENANT_PARAM.test(String(p['name'])));
  if (tenantParam)
    hints.push(`takes a tenant id (${String(tenantParam['name'])}): if only a platform owner may call it, declare it under platformOwner.operations`);
  if (responses.includes('429') && !upgrade) hints.push('declares 429: if it is rate limited, httpLimits');
  return `TODO: ${label(o)} is not drafted as a resource operation${hints.length > 0 ? `: ${hints.join('; ')}` : ''}.`;
}
