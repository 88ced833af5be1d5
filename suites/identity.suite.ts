/**
 * ID family: identity completeness.
 * ID-1: a validly signed token lacking a usable user or tenant claim is refused and changes nothing.
 * ID-2: a request naming another tenant or user in a header, query parameter or body field acts
 * as its token's identity only.
 */
import { expect, test } from 'vitest';
import { registerSuite } from '../harness/suite/context.ts';
import { checkRefusal } from '../harness/suite/refusal-property.ts';
import { checkIdentityHints } from '../harness/suite/identity-hints-property.ts';
import { incompleteIdentity, incompleteIdentityRepresentatives, type ClaimType } from '../generators/identity-incomplete-claims.ts';

const suite = registerSuite();

test('ID-1 identity-incomplete tokens are refused', async () => {
  const ctx = suite();
  const { claims } = ctx.config.identity;
  // The JSON type each claim has in a real token (the contract's extraClaims may make an id a number).
  const valid = ctx.claimsFor(ctx.world.users[0]!);
  const names = { ...claims, types: { user: typeof valid[claims.user] as ClaimType, tenant: typeof valid[claims.tenant] as ClaimType } };
  const verdict = await checkRefusal(ctx, {
    invariant: 'ID-1',
    variants: incompleteIdentity(names),
    representatives: incompleteIdentityRepresentatives(names),
    expectation: 'identityIncomplete',
    label: (d) => d.forgeryId,
    // One group per defect (missing, null, ...): each meets every operation, on the tenant claim for some and the user claim for others.
    group: (d) => d.forgeryId.replace(/-(tenant|user)$/, ''),
    credentials: (d, user) => {
      const claims = ctx.claimsFor(user);
      if (d.value === undefined) delete claims[d.claim];
      else claims[d.claim] = d.value;
      return { actor: user, claims };
    },
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('ID-2 tenant and user named in headers, query or body are never obeyed', async () => {
  const ctx = suite();
  const verdict = await checkIdentityHints(ctx, 'ID-2');
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});
