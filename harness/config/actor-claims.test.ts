import { describe, expect, test } from 'vitest';
import { actorClaims } from './actor-claims.ts';

const actor = { id: 'usr_1', tenantId: '7', tenantName: 'Seven', tenantSlug: 'seven-1', role: 'editor', email: 'a@b.test', name: 'A' };

describe('actorClaims', () => {
  test("the contract's claim names carry the actor's identity", () => {
    expect(actorClaims({ claims: { user: 'uid', tenant: 'org', role: 'roles', mfa: 'amr' } }, actor)).toEqual({ uid: 'usr_1', org: '7', roles: 'editor' });
  });
  test('extraClaims add and retype claims, over the defaults', () => {
    const identity = {
      claims: { user: 'uid', tenant: 'org', role: 'roles', mfa: 'amr' },
      extraClaims: (a: typeof actor) => ({ org: Number(a.tenantId), roles: [a.role], email: a.email }),
    };
    expect(actorClaims(identity, actor)).toEqual({ uid: 'usr_1', org: 7, roles: ['editor'], email: 'a@b.test' });
  });
});
