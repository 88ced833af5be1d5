import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { incompleteIdentity, incompleteIdentityRepresentatives } from './identity-incomplete-claims.ts';

const ids = (names: Parameters<typeof incompleteIdentityRepresentatives>[0]) => incompleteIdentityRepresentatives(names).map((d) => d.forgeryId);

describe('incompleteIdentity', () => {
  test('string claims get every defect on both claims, named by claim', () => {
    const reps = incompleteIdentityRepresentatives({ user: 'uid', tenant: 'org' });
    expect(reps).toHaveLength(16);
    expect(reps[0]).toEqual({ forgeryId: 'claims:missing-tenant', claim: 'org', value: undefined });
    expect(ids({ user: 'uid', tenant: 'org' })).toContain('claims:number-tenant');
  });
  test('a claim carried as a JSON number is not made "wrong" with a number, but still with a blank string', () => {
    const names = { user: 'uid', tenant: 'org', types: { tenant: 'number' as const } };
    expect(ids(names)).not.toContain('claims:number-tenant');
    expect(ids(names)).toContain('claims:number-user');
    expect(ids(names)).toContain('claims:blank-tenant');
    fc.assert(
      fc.property(incompleteIdentity(names), (d) => d.claim !== 'org' || typeof d.value !== 'number'),
      { seed: 5 },
    );
  });
  test('a claim taken whatever its type (anyNonEmpty) gets only the empty defects', () => {
    const names = { user: 'uid', tenant: 'org', anyNonEmpty: { user: true } };
    expect(ids(names).filter((id) => id.endsWith('-user'))).toEqual(['claims:missing-user', 'claims:null-user', 'claims:empty-user', 'claims:blank-user']);
    expect(ids(names)).toContain('claims:number-tenant');
    fc.assert(
      fc.property(
        incompleteIdentity(names),
        (d) => d.claim !== 'uid' || d.value === undefined || d.value === null || (typeof d.value === 'string' && d.value.trim() === ''),
      ),
      { seed: 5 },
    );
  });
});
