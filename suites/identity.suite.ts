/**
 * ID family: identity completeness.
 * ID-1: a validly signed token lacking a usable user or tenant claim is refused and changes nothing.
 * ID-2: a request naming another tenant or user in a header, query parameter or body field acts
 * as its token's identity only.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { checkRefusal, declareIn } from '../harness/suite/refusal-property.ts';
import { checkIdentityHints } from '../harness/suite/identity-hints-property.ts';
import { incompleteIdentity, incompleteIdentityRepresentatives, type ClaimType } from '../generators/identity-incomplete-claims.ts';

export const id1 = defineInvariant({
  id: 'ID-1',
  title: 'Identity-incomplete tokens are refused',
  description:
    'identity-incomplete tokens are refused: the user or tenant claim missing, null, empty, blank or of another JSON type than a real token carries (a tenant id minted as a JSON number is not "wrong" as a number); the user claim only on the operations `identity.policy.userClaim.requiredFor` lists (default all), and only empty ones with `identity.policy.userClaim.anyNonEmpty`',
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-287',
  requires: ['http', 'database'],
  async run(ctx) {
    const { claims, policy } = ctx.config.identity;
    const { requiredFor, anyNonEmpty } = policy.userClaim;
    // The JSON type each claim has in a real token (the contract's extraClaims may make an id a number).
    const valid = ctx.claimsFor(ctx.world.users[0]!);
    const names = {
      ...claims,
      types: { user: typeof valid[claims.user] as ClaimType, tenant: typeof valid[claims.tenant] as ClaimType },
      anyNonEmpty: { user: anyNonEmpty },
    };
    const userDefect = (d: { claim: string }) => d.claim === claims.user && claims.user !== claims.tenant;
    return checkRefusal(ctx, {
      invariant: 'ID-1',
      variants: incompleteIdentity(names),
      representatives: incompleteIdentityRepresentatives(names),
      expectation: 'identityIncomplete',
      label: (d) => d.forgeryId,
      // One group per defect (missing, null, ...): each meets every operation, on the tenant claim for some and the user claim for others.
      group: (d) => d.forgeryId.replace(/-(tenant|user)$/, ''),
      // Where the policy says an operation needs no user claim, a token without one is no bad credential there.
      appliesTo: (d, operation) => !requiredFor || !userDefect(d) || requiredFor.includes(operation),
      declares: (d) => {
        if (!userDefect(d)) return undefined;
        const empty = /-(missing|null|empty|blank)-user$/.test(d.forgeryId);
        return declareIn(
          empty
            ? 'identity.policy.userClaim.requiredFor (the operations that need the user claim)'
            : 'identity.policy.userClaim.anyNonEmpty: true (any non-empty user claim is taken as the user)',
        );
      },
      credentials: (d, user) => {
        const claims = ctx.claimsFor(user);
        if (d.value === undefined) delete claims[d.claim];
        else claims[d.claim] = d.value;
        return { actor: user, claims };
      },
    });
  },
});

export const id2 = defineInvariant({
  id: 'ID-2',
  title: 'Tenant and user come only from the verified token',
  description:
    "another tenant's id (or user's) in a header, query parameter, body field (where `withFields` says the input goes) or the route the contract builds from its actor (`/orgs/{tenantId}/...`, rebuilt for the victim) is never obeyed: created rows land in the token's tenant and owner, the victim's rows stay unchanged, reads and lists show no foreign canary. Names from `tenantHints` (defaults `X-Tenant-Id`, `X-Org-Id`, `tenant_id`, `tenantId`, `X-User-Id`, `owner_id`, ...)",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['http', 'database'],
  async run(ctx) {
    return checkIdentityHints(ctx, 'ID-2');
  },
});
