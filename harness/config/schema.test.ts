import { describe, expect, test } from 'vitest';
import { resolveConfig } from './load-config.ts';

const contract = (expectations?: object, more: object = {}) => ({
  name: 'x',
  database: { migrations: { files: ['a.sql'] }, appRole: { name: 'app', password: 'p' }, context: { tenantSetting: 'app.tenant' } },
  target: { url: 'http://127.0.0.1:1' },
  provisioning: { createTenant: { sql: 'select 1', params: () => [] }, createUser: { sql: 'select 1', params: () => [] } },
  resources: { items: { scope: 'tenant', table: 'items', create: { request: () => ({ method: 'POST', path: '/' }), id: () => undefined } } },
  ...(expectations ? { expectations } : {}),
  ...more,
});

describe('contract expectations', () => {
  test('identity-incomplete refusals look like unauthenticated ones unless stated', () => {
    const unauthenticated = (res: { text: string }) => res.text.includes('UNAUTHENTICATED');
    expect(resolveConfig(contract({ unauthenticated }), 'test').expectations.identityIncomplete).toBe(unauthenticated);
    expect(resolveConfig(contract(), 'test').expectations).toMatchObject({ unauthenticated: [401], identityIncomplete: [401], refused: [403, 404] });
    expect(resolveConfig(contract({ unauthenticated: [401], identityIncomplete: [400] }), 'test').expectations.identityIncomplete).toEqual([400]);
  });
});

describe('identity.policy and waivers', () => {
  test('the policy defaults to the strict one; the old identity.requireExp key is refused', () => {
    expect(resolveConfig(contract(), 'test').identity.policy).toEqual({ requireExp: true, crit: 'refuse', userClaim: { anyNonEmpty: false } });
    expect(() => resolveConfig(contract(undefined, { identity: { requireExp: false } }), 'test')).toThrow(/identity/);
    const lax = {
      requireExp: false,
      maxAgeSeconds: 3600,
      futureIatToleranceSeconds: 'unchecked',
      crit: 'ignore',
      userClaim: { requiredFor: ['items.create'] },
    };
    expect(resolveConfig(contract(undefined, { identity: { policy: lax } }), 'test').identity.policy).toMatchObject(lax);
    expect(() => resolveConfig(contract(undefined, { identity: { policy: { userClaim: { requiredFor: ['items'] } } } }), 'test')).toThrow(
      /identity.policy.userClaim.requiredFor.0: expected resource.operation/,
    );
  });

  test('waivers are validated with the contract and default to none', () => {
    expect(resolveConfig(contract(), 'test').waivers).toEqual([]);
    expect(() => resolveConfig(contract(undefined, { waivers: [{ invariant: 'WEB-2', reason: '', until: '2030-01-01' }] }), 'test')).toThrow(
      /waivers.0.reason/,
    );
  });
});
