import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ROOT, draftAndLoad, type LoadedDraft } from './draft-test-support.ts';

const REFERENCE_SPEC = path.join(ROOT, 'fixtures/reference-service/openapi.yaml');
const actor = { id: 'u1', tenantId: 't1', tenantName: 'T1', tenantSlug: 't1-1', role: 'member', email: 'u1@example.test', name: 'U One' };
const canary = 'tpc-t0-u0-0badcafe';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
/** The draft, with `text` as one line per comment (wrapped comment lines joined). */
async function draft(from: Parameters<typeof draftAndLoad>[0]): Promise<LoadedDraft> {
  const d = await draftAndLoad(from);
  cleanups.push(d.remove);
  return { ...d, text: d.text.replace(/\n\s*\/\/ (?!TODO)/g, ' ') };
}
function specFile(doc: object): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-spec-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('init --from-openapi', () => {
  test("the reference service's document drafts a contract that validates, with its resources, operations and transport", async () => {
    const { config, text } = await draft({ openapi: REFERENCE_SPEC });
    expect(config.name).toBe('reference-service');
    expect(Object.keys(config.resources)).toEqual(['notes', 'profiles']);
    for (const r of Object.values(config.resources))
      expect(Object.keys(r).filter((k) => ['create', 'read', 'list', 'update', 'delete'].includes(k))).toHaveLength(5);
    expect(config.identity.transport).toEqual({ in: 'header', name: 'authorization', scheme: 'Bearer' });
    expect(config.target.healthPath).toBe('/health');

    // The drafted builders produce the service's requests, with the canary in its free-text fields.
    const notes = config.resources.notes!;
    const created = notes.create!.request({ actor, canary, text: 'Some words.' });
    expect(created).toMatchObject({ method: 'POST', path: '/notes' });
    expect(Object.values(created.body as Record<string, string>).every((v) => v.includes(canary))).toBe(true);
    expect(notes.create!.id({ status: 201, headers: {}, text: '', json: { id: 'abc' } })).toBe('abc');
    expect(notes.read!.request({ actor, id: 'a/b' })).toEqual({ method: 'GET', path: '/notes/a%2Fb' });
    expect(notes.list!.request({ actor, search: 'zz' })).toEqual({ method: 'GET', path: '/notes', query: { q: 'zz' } });
    expect(notes.list!.items({ status: 200, headers: {}, text: '', json: { items: [1, 2] } })).toEqual([1, 2]);
    expect(notes.update!.request({ actor, id: 'x', canary, text: 't' })).toMatchObject({ method: 'PATCH', path: '/notes/x' });
    expect(notes.delete!.request({ actor, id: 'x' })).toEqual({ method: 'DELETE', path: '/notes/x' });
    // phone allows 50 characters: the canary alone, not a sentence.
    expect(config.resources.profiles!.create!.request({ actor, canary, text: 'Some words.' }).body).toMatchObject({ phone: canary });

    // What the document cannot say is a TODO; the routes that are no resource are named with what they look like.
    for (const todo of ['TODO: your migrations', 'TODO: the role your service connects as', 'TODO: how your sign-up creates tenants', 'TODO: its table']) {
      expect(text).toContain(todo);
    }
    expect(text).toContain("TODO: 'tenant' if every user of the tenant may see it");
    expect(text).toMatch(/TODO: GET \/realtime is not drafted .*websocket upgrade/);
    expect(text).toMatch(/TODO: GET \/platform\/tenants\/\{tenantId\}\/notes .*platformOwner\.operations/s);
    expect(text).toContain('ids: uuid, from the path parameter id, string format uuid');
  });

  test('nested paths, integer ids, a cookie key and a resource without a create route are drafted with TODOs', async () => {
    const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'integer' } } } } } } };
    const taskId = { name: 'taskId', in: 'path', required: true, schema: { type: 'integer' } };
    const projectId = { name: 'projectId', in: 'path', required: true, schema: { type: 'integer' } };
    const file = specFile({
      openapi: '3.0.3',
      info: { title: 'tasks-api', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
      security: [{ session: [] }],
      paths: {
        '/projects': {
          post: { responses: ok },
          get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } } } },
        },
        '/projects/{projectId}/tasks': {
          parameters: [projectId],
          post: {
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', required: ['label'], properties: { label: { type: 'string', maxLength: 10 } } } } },
            },
            responses: ok,
          },
        },
        '/projects/{projectId}/tasks/{taskId}': { parameters: [projectId, taskId], get: { responses: ok }, put: { responses: ok } },
        '/reports/{reportId}': { get: { parameters: [{ name: 'reportId', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
      },
    });
    const { config, text } = await draft({ openapi: file });
    expect(Object.keys(config.resources)).toEqual(['projects', 'tasks', 'reports']);
    expect(config.identity.transport).toEqual({ in: 'cookie', name: 'sid' });
    const tasks = config.resources.tasks!;
    expect(tasks.read!.request({ actor, id: '7' }).path).toBe('/projects/TODO/tasks/7');
    expect(tasks.update!.request({ actor, id: '7', canary, text: 't' }).method).toBe('PUT');
    expect(tasks.create!.id({ status: 200, headers: {}, text: '', json: { id: 7 } })).toBe(7);
    expect(text).toContain('TODO: nested under projects (/projects/{projectId})');
    expect(text).toContain('ids: integer (builders get it as a string), from the path parameter taskId, integer');
    // label is too short for the canary: a required placeholder and an invented field, both TODOs.
    expect(text).toContain('TODO: label is required and the description gives no example');
    expect(text).toContain('TODO: no free-text field to carry the canary was found; name is a guess');
    expect(text).toContain('TODO: the document has no POST /reports');
    expect(text).toContain('TODO: the document has no public GET health route');
    expect(text).toContain('TODO: no search query parameter');
  });

  test('a document that is not valid OpenAPI is refused with the parser’s reason', async () => {
    const file = specFile({ openapi: '3.0.3', info: { title: 'x' }, paths: {} });
    await expect(draft({ openapi: file })).rejects.toThrow(/is not a valid OpenAPI document: .*version/s);
  });
});
