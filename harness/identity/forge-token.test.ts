import { createHmac, createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedTokenRepresentatives } from '../../generators/forged-token.ts';
import { claimDefectRepresentatives } from '../../generators/claim-defect.ts';
import { claimDefectToken } from './claim-defect-token.ts';
import { forgeToken, type ForgeContext } from './forge-token.ts';
import { startIdentityProvider, type StartedIdentityProvider } from './identity-provider.ts';
import { generateSigningKey, type SigningKey } from './signing-key.ts';

const issuer = 'https://idp.tenantproof.test/';
const audience = 'tenantproof-target';
const claims = { sub: 'user-1', tenant_id: 'tenant-1', role: 'member' };
let idp: StartedIdentityProvider;
let ctx: ForgeContext;

beforeAll(async () => {
  idp = await startIdentityProvider({ issuer, audience, mode: 'jwks', algorithms: ['RS256', 'ES256'] });
  const keys = new Map<string, Promise<SigningKey>>();
  ctx = {
    handle: idp.handle(),
    claims,
    claimNames: { user: 'sub', tenant: 'tenant_id', role: 'role' },
    victimClaims: { sub: 'user-2', tenant_id: 'tenant-2', role: 'member' },
    escalatedRole: 'platform_owner',
    ttlSeconds: 300,
    attackerKey: (alg) => keys.get(alg) ?? keys.set(alg, generateSigningKey(alg as 'ES256')).get(alg)!,
    attackerOrigin: 'http://127.0.0.1:9',
  };
});
afterAll(() => idp.stop());

/** A correct verifier: pinned algorithms, required exp, issuer and audience. */
const verify = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUrl)), { issuer, audience, algorithms: ['RS256', 'ES256'], requiredClaims: ['exp'] });

describe('forgeToken', () => {
  it('every representative forgery is refused by a correct verifier', async () => {
    for (const recipe of forgedTokenRepresentatives({ algorithms: ['RS256', 'ES256'], sharedSecret: false })) {
      const token = await forgeToken(recipe, ctx);
      await expect(verify(token), recipe.id).rejects.toThrow();
    }
  });

  it('builds the real attack, not just a broken token', async () => {
    const none = await forgeToken({ id: 'alg-none:nOnE', family: 'alg-none', spelling: 'nOnE', keepSignature: false }, ctx);
    expect(decodeProtectedHeader(none).alg).toBe('nOnE');
    expect(none.endsWith('.')).toBe(true);

    // HMAC under the PEM of the target's RS256 key, exactly as a confused verifier would check it.
    const confused = await forgeToken({ id: 'hs-confusion:pem-newline', family: 'hs-confusion', alg: 'HS256', form: 'pem-newline', keyAlg: 'RS256' }, ctx);
    const rs = ctx.handle.keys.find((k) => k.alg === 'RS256')!;
    const pem = String(createPublicKey({ key: rs.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
    const [h, p, s] = confused.split('.');
    expect(createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url')).toBe(s);
    expect(decodeProtectedHeader(confused).kid).toBe(rs.kid);

    const dup = await forgeToken({ id: 'duplicate-alg:none-last', family: 'duplicate-alg', noneLast: true }, ctx);
    expect(Buffer.from(dup.split('.')[0]!, 'base64url').toString()).toMatch(/"alg":"RS256".*"alg":"none"\}$/);

    const psychic = await forgeToken({ id: 'psychic:ES256', family: 'psychic', alg: 'ES256' }, ctx);
    expect(Buffer.from(psychic.split('.')[2]!, 'base64url').equals(Buffer.alloc(64))).toBe(true);

    const jku = await forgeToken({ id: 'embedded-key:jku', family: 'embedded-key', header: 'jku', path: '/keys' }, ctx);
    expect(decodeProtectedHeader(jku).jku).toBe('http://127.0.0.1:9/keys');
  });

  it("tampers the payload with the victim's claims as a valid token carries them, types included", async () => {
    const shaped = {
      ...ctx,
      claims: { ...claims, org: 1, roles: ['member'] },
      claimNames: { user: 'uid', tenant: 'org', role: 'roles' },
      victimClaims: { uid: 'usr_2', org: 2, roles: ['member'] },
    };
    const payload = async (claim: 'tenant' | 'user' | 'role') =>
      JSON.parse(
        Buffer.from((await forgeToken({ id: `tampered-payload:${claim}`, family: 'tampered-payload', claim }, shaped)).split('.')[1]!, 'base64url').toString(),
      );
    expect((await payload('tenant')).org).toBe(2);
    expect((await payload('user')).uid).toBe('usr_2');
    expect((await payload('role')).roles).toEqual(['platform_owner']);
  });
});

describe('claimDefectToken', () => {
  it('every representative defect is refused by a correct verifier with the declared leeway', async () => {
    for (const defect of claimDefectRepresentatives({ requireExp: true, checksFutureIat: true, checksMaxAge: true, toleranceSeconds: 2 })) {
      const token = await claimDefectToken(defect, { handle: ctx.handle, claims, ttlSeconds: 300, leewaySeconds: 5, maxAgeSeconds: 600 });
      // jose checks a future iat only with maxTokenAge; the others need nothing beyond the defaults.
      const options = {
        issuer,
        audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
        clockTolerance: 5,
        ...(defect.claim === 'iat' ? { maxTokenAge: 600 } : {}),
      };
      await expect(jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUrl)), options), defect.id).rejects.toThrow();
    }
  });

  it('places a future iat beyond the declared tolerance, and an old iat beyond the maximum age with exp still valid', async () => {
    const payload = async (defect: 'future-leeway' | 'past-max-age') =>
      JSON.parse(
        Buffer.from(
          (
            await claimDefectToken(
              { id: `iat:${defect}+3s`, family: `iat:${defect}`, claim: 'iat', defect, beyondLeewaySeconds: 3 },
              { handle: ctx.handle, claims, ttlSeconds: 60, leewaySeconds: 5, futureIatToleranceSeconds: 30, maxAgeSeconds: 600 },
              1_000_000,
            )
          ).split('.')[1]!,
          'base64url',
        ).toString(),
      );
    expect(await payload('future-leeway')).toMatchObject({ iat: 1_000_000 + 33 });
    expect(await payload('past-max-age')).toMatchObject({ iat: 1_000_000 - 608, exp: 1_000_000 + 60 });
  });

  it('places an expiry exactly the given seconds beyond the leeway', async () => {
    const token = await claimDefectToken(
      { id: 'exp:past-leeway+7s', family: 'exp:past-leeway', claim: 'exp', defect: 'past-leeway', beyondLeewaySeconds: 7 },
      { handle: ctx.handle, claims, ttlSeconds: 60, leewaySeconds: 5 },
      1_000_000,
    );
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({ exp: 1_000_000 - 12, iat: 1_000_000 - 72 });
  });
});
