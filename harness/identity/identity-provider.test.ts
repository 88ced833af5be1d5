import { createRemoteJWKSet, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { mintToken } from './mint-token.ts';
import { startIdentityProvider, type StartedIdentityProvider } from './identity-provider.ts';
import type { IdentityHandle } from './identity-handle.ts';

const issuer = 'https://idp.tenantproof.test/';
const audience = 'tenantproof-target';
const claims = { sub: 'user-1', tenant_id: 'tenant-1', role: 'member' };

const started: StartedIdentityProvider[] = [];
async function provider(mode: 'jwks' | 'public-key' | 'shared-secret' = 'jwks', algorithms?: string[]) {
  const idp = await startIdentityProvider({ issuer, audience, mode, ...(algorithms ? { algorithms } : {}) });
  started.push(idp);
  return idp;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((idp) => idp.stop()));
});

describe('startIdentityProvider', () => {
  it.each(['RS256', 'ES256'] as const)('mints %s tokens that verify against the served JWKS', async (alg) => {
    const idp = await provider();
    const token = await mintToken(idp.handle(), claims, { alg });
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUrl)), { issuer, audience, algorithms: [alg] });
    expect(protectedHeader.alg).toBe(alg);
    expect(protectedHeader.kid).toBe(idp.handle().keys.find((k) => k.alg === alg)?.kid);
    expect(payload).toMatchObject({ ...claims, iss: issuer, aud: audience });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('signs with the first algorithm by default and serves only public members', async () => {
    const idp = await provider();
    expect(decodeProtectedHeader(await mintToken(idp.handle(), claims)).alg).toBe('RS256');
    const jwks = (await (await fetch(idp.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    for (const key of jwks.keys) expect(Object.keys(key)).not.toContain('d');
  });

  it('hands out a handle that survives JSON and still mints', async () => {
    const idp = await provider();
    const copy = JSON.parse(JSON.stringify(idp.handle())) as IdentityHandle;
    expect(copy).toEqual(idp.handle());
    const token = await mintToken(copy, claims);
    await expect(jwtVerify(token, createRemoteJWKSet(new URL(copy.jwksUrl!)), { issuer, audience })).resolves.toBeTruthy();
  });

  it('gives public-key targets a PEM that verifies the default token', async () => {
    const idp = await provider('public-key');
    expect(idp.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const token = await mintToken(idp.handle(), claims);
    const key = await importSPKI(idp.publicKeyPem!, 'RS256');
    await expect(jwtVerify(token, key, { issuer, audience })).resolves.toBeTruthy();
  });

  it('signs HS256 with the shared secret as UTF-8 bytes in shared-secret mode', async () => {
    const idp = await provider('shared-secret', ['HS256']);
    expect(idp.sharedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = await mintToken(idp.handle(), claims);
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const { payload } = await jwtVerify(token, new TextEncoder().encode(idp.sharedSecret), { issuer, audience, algorithms: ['HS256'] });
    expect(payload.sub).toBe('user-1');
  });

  it('rotates and retires keys: a fresh JWKS client refuses the retired kid and accepts the new one', async () => {
    const idp = await provider();
    const old = idp.handle().keys[0]!;
    const fresh = await idp.rotate('RS256');
    idp.retire(old.kid);

    const handle = idp.handle();
    expect(handle.keys.find((k) => k.kid === old.kid)?.active).toBe(false);
    const newToken = await mintToken(handle, claims);
    expect(decodeProtectedHeader(newToken).kid).toBe(fresh.kid);
    const retiredToken = await mintToken(handle, claims, { kid: old.kid });
    expect(decodeProtectedHeader(retiredToken).kid).toBe(old.kid);

    const jwks = createRemoteJWKSet(new URL(idp.jwksUrl));
    await expect(jwtVerify(newToken, jwks, { issuer, audience })).resolves.toBeTruthy();
    await expect(jwtVerify(retiredToken, jwks, { issuer, audience })).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('logs every JWKS fetch with path and user agent', async () => {
    const idp = await provider();
    expect(idp.fetchCount()).toBe(0);
    await (await fetch(idp.jwksUrl, { headers: { 'user-agent': 'probe/1' } })).text();
    await (await fetch(idp.jwksUrl)).text();
    expect(idp.fetchCount()).toBe(2);
    expect(idp.fetchLog()[0]).toMatchObject({ method: 'GET', path: '/.well-known/jwks.json', userAgent: 'probe/1', status: 200 });
  });

  it('refuses unknown algorithms and kids with stable codes', async () => {
    await expect(startIdentityProvider({ issuer, audience, mode: 'jwks', algorithms: ['RS256', 'none'] })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('algorithms[1]'),
    });
    await expect(startIdentityProvider({ issuer, audience, mode: 'jwks', algorithms: ['HS256'] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const idp = await provider();
    expect(() => idp.retire('nope')).toThrow(expect.objectContaining({ code: 'IDENTITY_UNKNOWN_KID' }));
  });
});
