import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ownershipFields } from './ownership-fields.ts';

const names = { tenant: ['tenant_id', 'tenantId'], user: ['owner_id'] };

describe('ownershipFields', () => {
  test('always carries at least one of the candidate fields', () => {
    fc.assert(
      fc.property(
        ownershipFields(names),
        (f) => f.tenant.length + f.user.length > 0 && f.tenant.every((n) => names.tenant.includes(n)) && f.user.every((n) => names.user.includes(n)),
      ),
      { seed: 1 },
    );
  });
  test('a failure that needs tenant_id shrinks to tenant_id alone', () => {
    const result = fc.check(
      fc.property(ownershipFields(names), (f) => !f.tenant.includes('tenant_id')),
      { seed: 1 },
    );
    expect(result.counterexample?.[0]).toEqual({ tenant: ['tenant_id'], user: [] });
  });
  test('no candidate name is refused up front', () => {
    expect(() => ownershipFields({ tenant: [], user: [] })).toThrow(/at least one/);
  });
});
