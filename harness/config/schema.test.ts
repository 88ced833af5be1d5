import { describe, expect, test } from 'vitest';
import { resolveConfig } from './load-config.ts';

const contract = (expectations?: object) => ({
  name: 'x',
  database: { migrations: { files: ['a.sql'] }, appRole: { name: 'app', password: 'p' }, context: { tenantSetting: 'app.tenant' } },
  target: { url: 'http://127.0.0.1:1' },
  provisioning: { createTenant: { sql: 'select 1', params: () => [] }, createUser: { sql: 'select 1', params: () => [] } },
  resources: { items: { scope: 'tenant', table: 'items', create: { request: () => ({ method: 'POST', path: '/' }), id: () => undefined } } },
  ...(expectations ? { expectations } : {}),
});

describe('contract expectations', () => {
  test('identity-incomplete refusals look like unauthenticated ones unless stated', () => {
    const unauthenticated = (res: { text: string }) => res.text.includes('UNAUTHENTICATED');
    expect(resolveConfig(contract({ unauthenticated }), 'test').expectations.identityIncomplete).toBe(unauthenticated);
    expect(resolveConfig(contract(), 'test').expectations).toMatchObject({ unauthenticated: [401], identityIncomplete: [401], refused: [403, 404] });
    expect(resolveConfig(contract({ unauthenticated: [401], identityIncomplete: [400] }), 'test').expectations.identityIncomplete).toEqual([400]);
  });
});
