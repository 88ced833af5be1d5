/**
 * A draft contract from a GraphQL schema: a resource per object type with an `id: ID!` field that
 * has a query by id and/or a list query, its create/update/delete mutations found by name
 * (`createNote`, `updateNote`, `deleteNote`, and add/edit/remove forms), every request a POST to
 * the endpoint, and refusal judged on the answer's `errors` since GraphQL servers often say 200.
 */
import {
  getNamedType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLType,
} from 'graphql';
import { canaryFields } from './canary-fields.ts';
import type { DraftContract, DraftOperation, DraftResource, FieldInfo } from './draft-model.ts';
import { loadGraphqlSchema } from './graphql-schema-source.ts';
import { contractKey } from './rest-paths.ts';
import { memberAccess, propertyName, quote } from './ts-source.ts';

type Field = GraphQLField<unknown, unknown>;
const VERBS = { create: ['create', 'add', 'new', 'insert'], update: ['update', 'edit', 'patch', 'modify'], delete: ['delete', 'remove', 'destroy'] };
const SEARCH = /^(q|search|query|term|filter)$/i;

const helpers = (path: string) => [
  `const gql = (query: string, variables: Record<string, unknown>) => ({ method: 'POST', path: ${quote(path)}, body: { query, variables } });`,
  'type Answer = { data?: Record<string, unknown> | null; errors?: unknown[] };',
  'const answer = (res: { json: unknown }) => (res.json ?? {}) as Answer;',
  'const data = (res: { json: unknown }) => answer(res).data ?? undefined;',
  'const rootFields = (res: { json: unknown }) => Object.values(answer(res).data ?? {});',
  '/** Served: no error, and every requested root field answered. */',
  'const served = (res: { status: number; json: unknown }) =>',
  '  res.status === 200 && (answer(res).errors ?? []).length === 0 && rootFields(res).length > 0 && rootFields(res).every((v) => v !== null);',
  '/** Not served: a 4xx, or errors with no root field answered. */',
  'const notServed = (res: { status: number; json: unknown }) =>',
  '  (res.status >= 400 && res.status < 500) || ((answer(res).errors ?? []).length > 0 && rootFields(res).every((v) => v === null));',
];

/** The draft for the schema at `source` (a file or an http(s) URL), for a service called `name`. */
export async function draftFromGraphql(source: string, name: string, command: string): Promise<DraftContract> {
  const { schema, path, source: described } = await loadGraphqlSchema(source);
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {});
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const used = new Set<Field>();
  const resources: DraftResource[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    const id = type.getFields()['id'];
    if (!id || !isNonNullType(id.type) || getNamedType(id.type).name !== 'ID') continue;
    const read = queries.find((f) => unwrap(f.type) === type && idArg(f) !== undefined);
    const list = queries.find((f) => isListType(unwrap(f.type)) && unwrap((unwrap(f.type) as { ofType: GraphQLType }).ofType) === type);
    if (!read && !list) continue;
    const verb = (kind: keyof typeof VERBS) => mutations.find((m) => VERBS[kind].some((v) => m.name.toLowerCase() === `${v}${type.name.toLowerCase()}`));
    const found = { create: verb('create'), read, list, update: verb('update'), delete: verb('delete') };
    for (const f of Object.values(found)) if (f) used.add(f);
    const key = uniqueKey(list && /^[a-z][a-zA-Z0-9_-]*$/.test(list.name) ? list.name : contractKey([`${type.name}s`]), resources);
    resources.push(draftResource(key, type, found));
  }
  const subscriptions = Object.values(schema.getSubscriptionType()?.getFields() ?? {});
  return {
    name,
    source: described,
    command,
    helpers: helpers(path),
    transport: {
      source: "{ in: 'header', name: 'authorization', scheme: 'Bearer' }",
      note: 'TODO: a GraphQL schema does not say how requests authenticate: the authorization header (drafted), a cookie or a query parameter.',
    },
    healthPath: { path: '/health', note: 'TODO: the path tenantproof polls until the service is up (a GraphQL schema does not say).' },
    expectations: {
      source: '{ succeeded: served, refused: notServed, unauthenticated: notServed }',
      notes: [
        'GraphQL servers often answer 200 to a refusal, with errors and null fields: judged on the answer, not the status.',
        "TODO: narrow refused and unauthenticated to your server's error codes (errors[].extensions.code), so a refusal for the wrong reason is not taken for the right one.",
      ],
    },
    resources,
    notes: [
      ...[...queries, ...mutations]
        .filter((f) => !used.has(f))
        .map((f) => `TODO: ${queries.includes(f) ? 'query' : 'mutation'} ${f.name} is not drafted as a resource operation.`),
      ...subscriptions.map((f) => `TODO: subscription ${f.name}: if it is served over a websocket, describe it under realtime.`),
    ],
  };
}

function uniqueKey(key: string, taken: readonly DraftResource[]): string {
  let k = key;
  for (let n = 2; taken.some((r) => r.key === k); n += 1) k = `${key}${n}`;
  return k;
}

function draftResource(key: string, type: GraphQLObjectType, f: Partial<Record<'create' | 'read' | 'list' | 'update' | 'delete', Field>>): DraftResource {
  const operations: DraftResource['operations'] = {};
  operations.create = f.create
    ? { ...write('mutation', f.create, []), keys: [['id', `(res) => (data(res)?.${f.create.name} as { id?: string } | null | undefined)?.id`]] }
    : {
        from: `(no create${type.name} mutation)`,
        request: `() => gql('mutation { create${type.name} { id } }', {})`,
        keys: [['id', `(res) => (data(res)?.create${type.name} as { id?: string } | null | undefined)?.id`]],
        todos: [
          `TODO: no create mutation for ${type.name} was found: how is one created? (create is required: the harness provisions each user's resources with it)`,
        ],
      };
  if (f.read) operations.read = byId('query', f.read);
  if (f.list) operations.list = list(f.list);
  if (f.update) operations.update = write('mutation', f.update, ['id']);
  if (f.delete) operations.delete = byId('mutation', f.delete);
  const input = f.create?.args.find((a) => isInputObjectType(getNamedType(a.type)));
  const todos = ['TODO: ids are GraphQL ID values: if they are not the stored key (global ids, hashids), map them back with storedId: (id) => ...'];
  const keys: Array<[string, string]> = [];
  if (input) keys.push(['withFields', withFields(input.name)]);
  else todos.push('TODO: TI-4 adds tenant and owner fields to create and update requests: say where they go with withFields: (req, fields) => ...');
  return { key, from: `type ${type.name}`, idType: 'string', idFrom: 'id: ID! field', operations, keys, todos };
}

function withFields(arg: string): string {
  const at = propertyName(arg);
  return `(req, fields) => {
        const body = req.body as { query: string; variables: Record<string, unknown> };
        const input = ${memberAccess('body.variables', arg)} as Record<string, unknown> | undefined;
        return { ...req, body: { ...body, variables: { ...body.variables, ${at}: { ...input, ...fields } } } };
      }`;
}

const unwrap = (t: GraphQLType): GraphQLType => (isNonNullType(t) ? t.ofType : t);
const idArg = (f: Field) => f.args.find((a) => getNamedType(a.type).name === 'ID');

/** The leaf fields of what `f` returns, as a selection set (empty for a leaf). */
function selection(f: Field): string {
  const named = getNamedType(f.type);
  if (isLeafType(named) || !isObjectType(named)) return '';
  const leaves = Object.values(named.getFields()).filter((x) => isLeafType(getNamedType(x.type)) && !x.args.some((a) => isNonNullType(a.type)));
  return ` { ${leaves.map((x) => x.name).join(' ') || '__typename'} }`;
}

function document(kind: 'query' | 'mutation', f: Field, args: readonly GraphQLArgument[]): string {
  const decls = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `'${kind}${decls ? `(${decls})` : ''} { ${f.name}${call ? `(${call})` : ''}${selection(f)} }'`;
}

const requiredOthers = (f: Field, handled: readonly GraphQLArgument[]) =>
  f.args.filter((a) => isNonNullType(a.type) && !handled.includes(a)).map((a) => `TODO: required argument ${a.name}: ${String(a.type)} is not filled in.`);

function byId(kind: 'query' | 'mutation', f: Field): DraftOperation {
  const id = idArg(f)!;
  const value = id.name === 'id' ? '{ id }' : `{ ${propertyName(id.name)}: id }`;
  return { from: `${kind} ${f.name}`, request: `({ id }) => gql(${document(kind, f, [id])}, ${value})`, keys: [], todos: requiredOthers(f, [id]) };
}

function list(f: Field): DraftOperation {
  const search = f.args.find((a) => SEARCH.test(a.name) && getNamedType(a.type).name === 'String' && !isNonNullType(a.type));
  const items = `(res) => (data(res)?.${f.name} as unknown[] | undefined) ?? []`;
  const todos = requiredOthers(f, search ? [search] : []);
  if (!search) {
    todos.push('TODO: no search argument (search, q, ...) was found: list is drafted unfiltered.');
    return { from: `query ${f.name}`, request: `() => gql(${document('query', f, [])}, {})`, keys: [['items', items]], todos };
  }
  const value = search.name === 'search' ? '{ search }' : `{ ${propertyName(search.name)}: search }`;
  return {
    from: `query ${f.name}`,
    request: `({ search }) => gql(${document('query', f, [search])}, search === undefined ? {} : ${value})`,
    keys: [['items', items]],
    todos,
  };
}

/** A create or update: the id argument from the builder, the canary in every free-text field of the rest. */
function write(kind: 'mutation', f: Field, builderArgs: string[]): DraftOperation {
  const id = builderArgs.includes('id') ? idArg(f) : undefined;
  const passed: GraphQLArgument[] = id ? [id] : [];
  const entries: string[] = id ? [id.name === 'id' ? 'id' : `${propertyName(id.name)}: id`] : [];
  const todos: string[] = [];
  const scalars: GraphQLArgument[] = [];
  for (const a of f.args) {
    if (a === id) continue;
    const named = getNamedType(a.type);
    if (!isInputObjectType(named)) {
      scalars.push(a);
      continue;
    }
    const literal = canaryFields(inputFields(named));
    todos.push(...literal.todos);
    if (literal.names.length === 0 && !isNonNullType(a.type)) continue;
    passed.push(a);
    entries.push(`${propertyName(a.name)}: ${literal.source}`);
  }
  const flat = canaryFields(scalars.map((a) => fieldInfo(a.name, a.type)));
  todos.push(...flat.todos);
  passed.push(...scalars.filter((a) => flat.names.includes(a.name)));
  entries.push(...flat.entries);
  const text = entries.join(', ');
  if (!text.includes('canary'))
    todos.push(`TODO: no String argument or input field of ${f.name} can carry the canary: it must be stored and come back on read.`);
  const used = [...builderArgs, ...(text.includes('canary') ? ['canary'] : []), ...(text.includes('${text}') ? ['text'] : [])];
  const params = used.length > 0 ? `{ ${used.join(', ')} }` : '';
  return { from: `${kind} ${f.name}`, request: `(${params}) => gql(${document(kind, f, passed)}, { ${text} })`, keys: [], todos };
}

function inputFields(type: GraphQLInputObjectType): FieldInfo[] {
  return Object.values(type.getFields()).map((x) => fieldInfo(x.name, x.type, x.defaultValue));
}

function fieldInfo(name: string, type: GraphQLType, example?: unknown): FieldInfo {
  const named = getNamedType(type).name;
  const kind = ({ String: 'string', Int: 'integer', Float: 'number', Boolean: 'boolean' } as const)[named as 'String'] ?? 'other';
  return { name, kind, required: isNonNullType(type) && example === undefined, example };
}
