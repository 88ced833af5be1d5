import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { foreignIdentityHint, foreignIdentityHintRepresentatives } from './foreign-identity-hint.ts';

const names = {
  headers: ['x-tenant-id', 'x-org'],
  query: ['tenant'],
  body: ['tenant_id'],
  userHeaders: ['x-user-id'],
  userQuery: ['user_id'],
  userBody: ['owner_id'],
};

describe('foreignIdentityHint', () => {
  test('every name in every place is a representative, tenant header first', () => {
    const reps = foreignIdentityHintRepresentatives(names);
    expect(reps).toHaveLength(9);
    expect(reps[0]).toEqual({ names: 'tenant', place: 'header', name: 'x-tenant-id' });
    expect(reps.filter((r) => r.place === 'route')).toEqual([
      { names: 'tenant', place: 'route', name: 'tenant' },
      { names: 'user', place: 'route', name: 'id' },
    ]);
  });
  test('generated hints use only the given names, or the actor fields of a route', () => {
    const all = new Set([...Object.values(names).flat(), 'tenantId', 'id']);
    fc.assert(
      fc.property(foreignIdentityHint(names), (h) => all.has(h.name)),
      { seed: 3 },
    );
  });
  test('a place without names is refused up front', () => {
    expect(() => foreignIdentityHint({ ...names, query: [] })).toThrow(/no tenant query names/);
  });
});
