import { describe, expect, test } from 'vitest';
import type { ProbeRequest } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { routedRequest, withIdentityHint } from './identity-hints-property.ts';

/** Only the contract is read; a GraphQL resource says its input object is where fields go. */
const ctx = {
  config: {
    resources: {
      notes: { read: { request: ({ id }: { id: string }) => ({ method: 'GET', path: `/notes/${id}` }) } },
      orgDocs: {
        read: { request: ({ actor, id }: { actor: UserRecord; id: string }) => ({ method: 'GET', path: `/orgs/${actor.tenantId}/docs/${id}` }) },
        create: {
          request: ({ actor, canary }: { actor: UserRecord; canary: string }) => ({ method: 'POST', path: `/orgs/${actor.tenantId}/docs`, body: { canary } }),
        },
      },
      documents: {
        withFields: (req: ProbeRequest, fields: Record<string, unknown>) => {
          const body = req.body as { variables: { input: object } };
          return { ...req, body: { ...body, variables: { input: { ...body.variables.input, ...fields } } } };
        },
      },
    },
  },
  userOf: (id: string) => ({ id, tenantIndex: 0, index: 0 }),
} as unknown as SuiteContext;

const hint = { names: 'tenant', place: 'body', name: 'org_id' } as const;

describe('withIdentityHint', () => {
  test('a body hint lands where the resource takes its input, not beside a GraphQL query', () => {
    const req = { method: 'POST', path: '/graphql', body: { query: 'mutation ...', variables: { input: { title: 't' } } } };
    expect(withIdentityHint(ctx, 'documents', req, hint, '7').body).toEqual({ query: 'mutation ...', variables: { input: { title: 't', org_id: '7' } } });
  });
  test('without withFields it joins a JSON object body, and header and query hints go where named', () => {
    const req = { method: 'POST', path: '/notes', body: { title: 't' } };
    expect(withIdentityHint(ctx, 'notes', req, hint, '7').body).toEqual({ title: 't', org_id: '7' });
    expect(withIdentityHint(ctx, 'notes', req, { names: 'user', place: 'header', name: 'x-user-id' }, 'u').headers).toEqual({ 'x-user-id': 'u' });
    expect(withIdentityHint(ctx, 'notes', req, { names: 'tenant', place: 'query', name: 'org' }, '7').query).toEqual({ org: '7' });
  });
});

describe('routedRequest', () => {
  const actor = { id: 'u1', tenantId: '1', index: 0, tenantIndex: 0 } as UserRecord;
  const victim = { id: 'u9', tenantId: '9', index: 5, tenantIndex: 2 } as UserRecord;
  const tenantRoute = { names: 'tenant', place: 'route', name: 'tenant' } as const;
  test("a route built from the actor is rebuilt naming the victim, the write keeping the actor's canary", () => {
    expect(routedRequest(ctx, 'orgDocs', 'read', actor, victim, tenantRoute, '42')).toEqual({
      method: 'GET',
      path: '/orgs/9/docs/42',
      operation: 'orgDocs.read',
    });
    const create = routedRequest(ctx, 'orgDocs', 'create', actor, victim, tenantRoute);
    expect(create?.path).toBe('/orgs/9/docs');
    expect((create?.body as { canary: string }).canary).toMatch(/^tpc-t0-u0-/);
  });
  test('a builder that does not read the field has no route to attack', () => {
    expect(routedRequest(ctx, 'notes', 'read', actor, victim, tenantRoute, '42')).toBeUndefined();
    expect(routedRequest(ctx, 'orgDocs', 'read', actor, victim, { names: 'user', place: 'route', name: 'id' }, '42')).toBeUndefined();
  });
});
