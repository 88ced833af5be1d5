/**
 * One resource of the contract: its table and scope, how the harness gets rows of it that carry
 * canaries (through the API's `create`, or the contract's `seed` on the admin connection for a
 * read-only resource), its operations, the parent it is nested under, and a batch read by ids.
 */
import { z } from 'zod';
import type pg from 'pg';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { REFUSAL_PREDICATE, SNIPPET_KEYWORD, expectation, fn, type Actor } from './schema-primitives.ts';

/**
 * What every request builder of a resource nested under a parent (`parent`) also gets: the API
 * id of the parent the request is addressed under (`/projects/:parentId/tasks`). Undefined for a
 * resource without a parent.
 */
interface Nested {
  parentId?: string;
}
/** Arguments the harness hands a create, update or seed builder: `canary` must end up stored. */
export interface WriteArgs extends Nested {
  actor: Actor;
  canary: string;
  /** Plausible filler text (a short sentence), seeded from the run seed. */
  text: string;
}
export interface IdArgs extends Nested {
  actor: Actor;
  id: string;
}
export interface ListArgs extends Nested {
  actor: Actor;
  /** A search term; undefined means an unfiltered list. */
  search?: string;
}
/** A batch read: the API ids asked for in one request (the actor's own, and in probes a foreign one among them). */
export interface BatchArgs extends Nested {
  actor: Actor;
  ids: string[];
}

const expected = (what: string, fallback: string, examples: unknown[]) =>
  expectation.optional().meta({ description: `How ${what} looks for this operation (default \`expectations.${fallback}\`).`, examples });
const operationBase = {
  succeeded: expected("the actor's own request succeeding", 'succeeded', [[200]]),
  refused: expected("a refused request for another tenant's or user's row", 'refused', [[404], REFUSAL_PREDICATE]),
  unauthenticated: expected('a refused request without a valid token', 'unauthenticated', [[401, 403]]),
  identityIncomplete: expected('a refused token without its user or tenant claim', 'identityIncomplete', [[400, 401]]),
};

/** The arguments a request builder gets, in words, for the description of each `request`. */
const builds = (what: string, args: string) =>
  `A function of \`${args}\` (\`actor\` the provisioned user \`{ id, tenantId, tenantName, tenantSlug, role, email, name }\` who sends it; \`parentId\` the parent's API id for a nested resource) returning the ${what} request.`;

/** How to read the rows a list or batch answer carries: the items, and each item's API id (default `item.id`). */
const itemsOf = {
  items: fn<(res: ProbeResponse) => unknown[]>('response => items').meta({
    description: 'A function of the response returning the rows it lists.',
    examples: ['(res) => (res.json as { items: unknown[] }).items'],
  }),
  itemId: fn<(item: unknown) => string | number | undefined>('item => id')
    .optional()
    .meta({
      description: "A function of one listed row returning its API id (default the row's `id`).",
      examples: ['(item) => (item as { uuid: string }).uuid'],
    }),
};

/**
 * A row stored by the harness itself for a resource the API cannot create (a view, a directory
 * imported by SQL, an audit list): SQL run on the admin connection that returns the row's API id
 * (a column named `id`, or its only column), or a function doing the same.
 */
const seed = z
  .union([
    z.strictObject({
      sql: z
        .string()
        .min(1)
        .meta({
          description: 'SQL run on the admin connection that stores one row and returns its API id (a column named `id`, or its only column).',
          examples: ['insert into directory_entries (account_id, full_name) values ($1, $2) returning id'],
        }),
      params: fn<(args: WriteArgs) => unknown[]>('args => parameters').meta({
        description:
          "A function of `{ actor, canary, text, parentId }` (the row's owner, the canary it must store, filler text, the parent's API id) returning the statement's parameters.",
        examples: ['({ actor, canary }) => [actor.tenantId, `Card ${canary}`]'],
      }),
    }),
    fn<(admin: pg.ClientBase, args: WriteArgs) => Promise<string | number>>('(admin, args) => Promise<api id>'),
  ])
  .optional()
  .meta({
    description:
      "Rows stored by the harness on its admin connection, for a read-only resource the API cannot create (a view, a directory imported by SQL, an audit list): `{ sql, params }`, or a function of the admin connection (a `pg` client) and `{ actor, canary, text, parentId }` resolving to the row's API id. Exactly one of `create` and `seed`; provisioning, scratch rows and TI-3's sequences use whichever is declared.",
    [SNIPPET_KEYWORD]: `directory: {
  scope: 'tenant',
  table: 'directory_entries',
  // Read-only through the API: an administrator imports the cards by SQL, and so does the harness.
  seed: {
    sql: 'insert into directory_entries (account_id, full_name) values ($1, $2) returning id',
    params: ({ actor, canary }) => [actor.tenantId, \`Card \${canary}\`],
  },
  list: { request: ({ search }) => ({ method: 'GET', path: '/directory', query: search ? { q: search } : undefined }), items: (res) => (res.json as { data: unknown[] }).data },
},`,
  });

export const resource = z
  .strictObject({
    scope: z.enum(['tenant', 'user']).meta({
      description: '`tenant`: rows belong to a tenant and every user of it may see them; `user`: rows belong to one user, and only that user may see them.',
      examples: ['user'],
    }),
    table: z
      .string()
      .min(1)
      .meta({ description: 'The table the rows are stored in, for ground truth on the admin connection.', examples: ['notes'] }),
    idColumn: z
      .string()
      .default('id')
      .meta({ description: 'The column holding the stored key.', examples: ['note_id'] }),
    storedId: fn<(id: string) => string | number | undefined>('api id => stored key')
      .optional()
      .meta({
        description:
          'A function of an API id returning the stored key (the `idColumn` value) behind it, for targets whose ids are not the key itself: GraphQL global ids, hashids. Default: the API id is the key. Applied to every id compared with ground truth.',
        examples: ["(id) => Number(Buffer.from(id, 'base64').toString().split(':')[1])"],
      }),
    tenantColumn: z
      .string()
      .optional()
      .meta({ description: "This table's tenant column (default `database.tenantColumn`).", examples: ['org_id'] }),
    userColumn: z
      .string()
      .optional()
      .meta({ description: "This table's owner column (default `database.userColumn`).", examples: ['author_id'] }),
    liveRows: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          "A SQL condition on the table's columns that the rows the API still shows meet, for a service that deletes softly (`deleted_at is null`): the rows a list must show (TI-3, UI-1) are only those meeting it. Default: every stored row is live.",
        examples: ['deleted_at is null'],
      }),
    parent: z
      .strictObject({
        resource: z
          .string()
          .min(1)
          .meta({ description: 'The name of another declared resource.', examples: ['projects'] }),
        column: z
          .string()
          .min(1)
          .meta({ description: "The column of this table holding the parent's stored key.", examples: ['project_id'] }),
      })
      .optional()
      .meta({
        description:
          "The resource this one is nested under (`/projects/:id/tasks`): every request builder gets the parent's API id as `parentId` (for a create or list one of the actor's own provisioned parents, for a row the parent it was made under), and parents are provisioned first. `column` lets ground truth know which rows a nested list must show (TI-3); TI-1 and TI-2 also ask for a foreign child under the attacker's own parent, and TI-4 creates children under another tenant's parent.",
        [SNIPPET_KEYWORD]: `tasks: {
  scope: 'tenant',
  table: 'tasks',
  parent: { resource: 'projects', column: 'project_id' },
  create: {
    request: ({ parentId, canary, text }) => ({ method: 'POST', path: \`/projects/\${parentId}/tasks\`, body: { title: canary, details: text } }),
    id: (res) => (res.json as { id: number }).id,
  },
  list: { request: ({ parentId }) => ({ method: 'GET', path: \`/projects/\${parentId}/tasks\` }), items: (res) => (res.json as { data: unknown[] }).data },
},`,
      }),
    create: z
      .strictObject({
        request: fn<(args: WriteArgs) => ProbeRequest>('args => request').meta({
          description: `${builds('create', '{ actor, canary, text, parentId }')} \`canary\` must end up stored in the row; \`text\` is plausible filler (a short sentence), seeded from the run seed.`,
          examples: ["({ canary, text }) => ({ method: 'POST', path: '/notes', body: { title: canary, body: text } })"],
        }),
        id: fn<(res: ProbeResponse) => string | number | undefined>('response => created id').meta({
          description: 'A function of the create response returning the API id of the created row.',
          examples: ['(res) => (res.json as { id: string }).id'],
        }),
        ...operationBase,
      })
      .optional()
      .meta({ description: 'Rows made through the API, as their owner. Exactly one of `create` and `seed`.' }),
    seed,
    read: z
      .strictObject({
        request: fn<(args: IdArgs) => ProbeRequest>('args => request').meta({
          description: builds('read', '{ actor, id, parentId }'),
          examples: ["({ id }) => ({ method: 'GET', path: `/notes/${id}` })"],
        }),
        ...operationBase,
      })
      .optional()
      .meta({ description: 'A read of one row by its API id (TI-1).' }),
    list: z
      .object({
        request: fn<(args: ListArgs) => ProbeRequest>('args => request').meta({
          description: `${builds('list', '{ actor, search, parentId }')} \`search\` is a search term, undefined for an unfiltered list.`,
          examples: ["({ search }) => ({ method: 'GET', path: '/notes', query: search ? { q: search } : undefined })"],
        }),
        ...itemsOf,
        next: fn<(res: ProbeResponse, req: ProbeRequest) => ProbeRequest | undefined>('(response, request) => next request | undefined')
          .optional()
          .meta({
            description:
              "A function of a page's response and the request that fetched it returning the request for the next page, or undefined after the last: a paginated list is followed to its end before it is compared with ground truth, as long as each page lists something new (three pages in a row that do not, or more than 1000 pages, leave the list unjudged for omissions). Default: the list is one page.",
            examples: [
              '(res, req) => { const c = (res.json as { next?: string }).next; return c ? { ...req, query: { ...req.query, cursor: c } } : undefined; }',
            ],
          }),
        ...operationBase,
      })
      .optional()
      .meta({ description: "A list or search: it must show the actor's rows and no one else's (TI-3)." }),
    update: z
      .strictObject({
        request: fn<(args: WriteArgs & { id: string }) => ProbeRequest>('args => request').meta({
          description: builds('update', '{ actor, id, canary, text, parentId }'),
          examples: ["({ id, canary }) => ({ method: 'PATCH', path: `/notes/${id}`, body: { body: canary } })"],
        }),
        ...operationBase,
      })
      .optional()
      .meta({ description: 'An update of one row by its API id.' }),
    delete: z
      .strictObject({
        request: fn<(args: IdArgs) => ProbeRequest>('args => request').meta({
          description: builds('delete', '{ actor, id, parentId }'),
          examples: ["({ id }) => ({ method: 'DELETE', path: `/notes/${id}` })"],
        }),
        ...operationBase,
      })
      .optional()
      .meta({ description: 'A delete of one row by its API id.' }),
    batch: z
      .strictObject({
        request: fn<(args: BatchArgs) => ProbeRequest>('args => request').meta({
          description:
            builds('batch', '{ actor, ids, parentId }') + " `ids` are the API ids asked for: the actor's own, and in probes a foreign one among them.",
          examples: ["({ ids }) => ({ method: 'POST', path: '/tasks:batchGet', body: { ids } })"],
        }),
        ...itemsOf,
        ...operationBase,
      })
      .optional()
      .meta({
        description:
          "A read of several rows by id in one request (`POST /items:batchGet {ids}`), part of TI-1: a batch of the attacker's own ids with a foreign one at each position may be refused or served, but must not list the foreign row or carry its canary; the positive control is the owner's batch of its own ids, which must list them all.",
        [SNIPPET_KEYWORD]: `batch: {
  request: ({ ids }) => ({ method: 'POST', path: '/v1/tasks:batchGet', body: { ids: ids.map(Number) } }),
  items: (res) => (res.json as { data: unknown[] }).data,
  itemId: (task) => (task as { id: number }).id,
},`,
      }),
    withFields: fn<(req: ProbeRequest, fields: Record<string, unknown>) => ProbeRequest>('(request, fields) => request')
      .optional()
      .meta({
        description:
          'A function of a create or update request and extra fields returning the request with the fields added (TI-4 mass assignment: tenant and owner fields naming someone else). Default: merged into a JSON object body; a GraphQL or RPC target says where its input object lives.',
        examples: [
          '(req, fields) => { const b = req.body as { variables: { input: object } }; return { ...req, body: { ...b, variables: { input: { ...b.variables.input, ...fields } } } }; }',
        ],
      }),
  })
  .refine((r) => (r.create === undefined) !== (r.seed === undefined), {
    message: 'exactly one of create (rows made through the API) or seed (rows stored by the harness, for a read-only resource)',
    path: ['create'],
  })
  .meta({ description: 'One resource: its table and scope, how rows with canaries come to exist (`create` or `seed`), and whichever operations the API has.' });

/** Every resource's `parent` names another declared resource, and no chain of parents loops. */
export function checkParents(resources: Record<string, z.output<typeof resource>>, issue: (path: string[], message: string) => void): void {
  for (const [name, r] of Object.entries(resources)) {
    if (!r.parent) continue;
    if (!resources[r.parent.resource] || r.parent.resource === name) {
      issue(
        [name, 'parent', 'resource'],
        `another declared resource (one of ${
          Object.keys(resources)
            .filter((n) => n !== name)
            .join(', ') || 'none'
        })`,
      );
      continue;
    }
    const seen = new Set([name]);
    for (let p: string | undefined = r.parent.resource; p; p = resources[p]?.parent?.resource) {
      if (seen.has(p)) {
        issue([name, 'parent', 'resource'], `a chain of parents without a loop (${[...seen, p].join(' -> ')})`);
        break;
      }
      seen.add(p);
    }
  }
}
