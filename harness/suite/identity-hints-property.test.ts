import { describe, expect, test } from 'vitest';
import type { ProbeRequest } from '../http/types.ts';
import type { SuiteContext } from './context.ts';
import { withIdentityHint } from './identity-hints-property.ts';

/** Only the contract is read; a GraphQL resource says its input object is where fields go. */
const ctx = {
  config: {
    resources: {
      notes: {},
      documents: {
        withFields: (req: ProbeRequest, fields: Record<string, unknown>) => {
          const body = req.body as { variables: { input: object } };
          return { ...req, body: { ...body, variables: { input: { ...body.variables.input, ...fields } } } };
        },
      },
    },
  },
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
