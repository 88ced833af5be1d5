import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { graphql, printSchema, type GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, test } from 'vitest';
import { schema } from '../../../fixtures/graphql-service/src/schema.ts';
import type { Expectation } from '../../config/schema-primitives.ts';
import type { ProbeResponse } from '../../http/types.ts';
import { draftAndLoad } from './draft-test-support.ts';

const actor = { id: 'u1', tenantId: '1', tenantName: 'One', tenantSlug: 'one-1', role: 'editor', email: 'u1@example.test', name: 'U One' };
const canary = 'tpc-t0-u0-0badcafe';
const response = (json: unknown, status = 200): ProbeResponse => ({ status, headers: {}, text: JSON.stringify(json), json });
const holds = (e: Expectation, res: ProbeResponse) => (typeof e === 'function' ? e(res) : e.includes(res.status));

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function draft(from: Parameters<typeof draftAndLoad>[0]) {
  const d = await draftAndLoad(from);
  cleanups.push(d.remove);
  return d;
}

/** A loopback endpoint that executes whatever is posted against `s` (the introspection query, here). */
async function endpoint(s: GraphQLSchema, path: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { query } = JSON.parse(body) as { query: string };
      void graphql({ schema: s, source: query }).then((result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

describe('init --from-graphql', () => {
  test("the GraphQL fixture's SDL drafts a contract that validates, one resource per type with its queries and mutations", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-sdl-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'schema.graphql');
    writeFileSync(file, printSchema(schema));
    const { config, text } = await draft({ graphql: file });

    expect(Object.keys(config.resources)).toEqual(['documents', 'drafts']);
    const documents = config.resources.documents!;
    const created = documents.create!.request({ actor, canary, text: 'Some words.' });
    expect(created).toMatchObject({ method: 'POST', path: '/graphql' });
    const body = created.body as { query: string; variables: { input: Record<string, string> } };
    expect(body.query).toBe('mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id title content ownerUid updatedAt } }');
    expect(body.variables.input.title).toContain(canary);
    expect(documents.create!.id(response({ data: { createDocument: { id: 'RG9j' } } }))).toBe('RG9j');
    expect(documents.read!.request({ actor, id: 'RG9j' }).body).toEqual({
      query: 'query($id: ID!) { document(id: $id) { id title content ownerUid updatedAt } }',
      variables: { id: 'RG9j' },
    });
    expect((documents.list!.request({ actor, search: 'zz' }).body as { variables: unknown }).variables).toEqual({ search: 'zz' });
    expect(documents.list!.items(response({ data: { documents: [{ id: 'a' }] } }))).toEqual([{ id: 'a' }]);
    expect((documents.update!.request({ actor, id: 'RG9j', canary, text: 't' }).body as { variables: unknown }).variables).toMatchObject({ id: 'RG9j' });
    expect((documents.delete!.request({ actor, id: 'RG9j' }).body as { query: string }).query).toContain('deleteDocument(id: $id) { deletedId }');
    // Mass-assignment fields go into the input object, where a GraphQL server reads them.
    const extra = documents.withFields!(created, { org_id: 9 }).body as { variables: { input: Record<string, unknown> } };
    expect(extra.variables.input).toMatchObject({ org_id: 9, title: body.variables.input.title });

    // Refusal is judged on the answer: 200 with errors and null fields is a refusal, not a success.
    const refusal = response({ errors: [{ message: 'no', extensions: { code: 'NOT_FOUND' } }], data: { document: null } });
    expect(holds(config.expectations.refused, refusal)).toBe(true);
    expect(holds(config.expectations.succeeded, refusal)).toBe(false);
    expect(holds(config.expectations.succeeded, response({ data: { document: { id: 'a' } } }))).toBe(true);

    const flat = text.replace(/\n\s*\/\/ (?!TODO)/g, ' ');
    expect(flat).toContain('TODO: ids are GraphQL ID values: if they are not the stored key');
    expect(flat).toContain('TODO: a GraphQL schema does not say how requests authenticate');
    expect(flat).toContain("TODO: narrow refused and unauthenticated to your server's error codes");
    expect(flat).toContain('TODO: how your sign-up creates tenants and users');
  });

  test('a URL is introspected over HTTP, and its path becomes the endpoint', async () => {
    const { config } = await draft({ graphql: await endpoint(schema, '/api/graphql') });
    expect(Object.keys(config.resources)).toEqual(['documents', 'drafts']);
    expect(config.resources.drafts!.read!.request({ actor, id: 'x' }).path).toBe('/api/graphql');
  });

  test('an endpoint that answers the introspection query without a schema is named with its errors', async () => {
    const refusing = createServer((_req, res) => res.writeHead(200).end(JSON.stringify({ errors: [{ message: 'authentication required' }], data: null })));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/graphql`;
    await expect(draft({ graphql: url })).rejects.toThrow(/without a schema \(authentication required\); .*save its SDL/);
  });
});
