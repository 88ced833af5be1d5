/**
 * Mints the validly signed token an AUTH-3 claim defect describes (`generators/claim-defect.ts`):
 * time claims placed relative to the declared leeway, look-alike or missing issuer and audience.
 */
import type { ClaimDefect } from '../../generators/claim-defect.ts';
import type { IdentityHandle } from './identity-handle.ts';
import { mintToken, type MintOptions } from './mint-token.ts';

export interface ClaimDefectContext {
  handle: IdentityHandle;
  /** The complete claims a valid token of the actor carries. */
  claims: Record<string, unknown>;
  ttlSeconds: number;
  leewaySeconds: number;
  /** How far in the future `iat` may lie (`identity.policy.futureIatToleranceSeconds`, default the leeway). */
  futureIatToleranceSeconds?: number;
  /** `identity.policy.maxAgeSeconds`, for `iat:past-max-age`. */
  maxAgeSeconds?: number;
}

/** A look-alike that differs from `value` only in letter case (or by a prefix when it has no letters). */
function caseChanged(value: string): string {
  const upper = value.toUpperCase();
  return upper !== value ? upper : value.toLowerCase() !== value ? value.toLowerCase() : `X${value}`;
}

function options(defect: ClaimDefect, ctx: ClaimDefectContext, now: number): { mint: MintOptions; claims?: Record<string, unknown> } {
  const offset = defect.beyondLeewaySeconds ?? 0;
  const beyond = ctx.leewaySeconds + offset;
  const { issuer, audience } = ctx.handle;
  switch (`${defect.claim}:${defect.defect}`) {
    case 'exp:past-leeway':
      return { mint: { iat: now - beyond - ctx.ttlSeconds, exp: now - beyond } };
    case 'nbf:future-leeway':
      return { mint: { nbf: now + beyond } };
    case 'iat:future-leeway': {
      const ahead = (ctx.futureIatToleranceSeconds ?? ctx.leewaySeconds) + offset;
      return { mint: { iat: now + ahead, exp: now + ahead + ctx.ttlSeconds } };
    }
    case 'iat:past-max-age':
      if (ctx.maxAgeSeconds === undefined) break;
      // Still unexpired by `exp`: only the age bound refuses it.
      return { mint: { iat: now - ctx.maxAgeSeconds - beyond, exp: now + ctx.ttlSeconds } };
    case 'exp:missing':
      return { mint: { omit: ['exp'] } };
    case 'exp:not-a-number':
      return { mint: {}, claims: { exp: String(now + ctx.ttlSeconds) } };
    case 'iss:other':
      return { mint: { iss: 'https://attacker-idp.tenantproof.test/' } };
    case 'iss:missing':
      return { mint: { omit: ['iss'] } };
    case 'iss:case-changed':
      return { mint: { iss: caseChanged(issuer) } };
    case 'iss:trailing-slash':
      return { mint: { iss: issuer.endsWith('/') ? issuer.slice(0, -1) : `${issuer}/` } };
    case 'aud:other':
      return { mint: { aud: 'tenantproof-other-service' } };
    case 'aud:missing':
      return { mint: { omit: ['aud'] } };
    case 'aud:case-changed':
      return { mint: { aud: caseChanged(audience) } };
    case 'aud:list-without-ours':
      return { mint: { aud: ['tenantproof-other-service', `${audience}-staging`] } };
    case 'aud:suffixed':
      return { mint: { aud: `${audience}.attacker.test` } };
  }
  throw new Error(`claimDefectToken: unknown defect ${defect.id}`);
}

/**
 * The token of `defect` for the actor of `ctx`, signed by the target's real key. `now` (seconds)
 * defaults to the harness clock; time offsets are relative to it and to the declared leeway.
 */
export async function claimDefectToken(defect: ClaimDefect, ctx: ClaimDefectContext, now = Math.floor(Date.now() / 1000)): Promise<string> {
  const { mint, claims } = options(defect, ctx, now);
  return mintToken(ctx.handle, { ...ctx.claims, ...claims }, { ttlSeconds: ctx.ttlSeconds, ...mint });
}
