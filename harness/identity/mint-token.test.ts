import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from './mint-token.ts';
import { generateSigningKey, type SigningKey } from './signing-key.ts';
import type { IdentityHandle } from './identity-handle.ts';

let rs: SigningKey;
let es: SigningKey;
let handle: IdentityHandle;

beforeAll(async () => {
  [rs, es] = await Promise.all([generateSigningKey('RS256'), generateSigningKey('ES256', 'es-1')]);
  handle = {
    issuer: 'iss-x',
    audience: 'aud-x',
    mode: 'jwks',
    keys: [
      { ...rs, active: true },
      { ...es, active: true },
    ],
    sharedSecret: 'c2VjcmV0',
  };
});

describe('mintToken', () => {
  it('sets iss, aud, iat, exp from the handle and ttl, and kid/typ in the header', async () => {
    const token = await mintToken(handle, { sub: 'u' }, { now: 1_000, ttlSeconds: 60 });
    expect(decodeJwt(token)).toEqual({ iss: 'iss-x', aud: 'aud-x', iat: 1_000, exp: 1_060, sub: 'u' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: rs.kid, typ: 'JWT' });
  });

  it('lets claims override defaults and options override claims, then omits', async () => {
    const token = await mintToken(handle, { sub: 'u', iss: 'from-claims', aud: 'from-claims' }, { aud: ['a', 'b'], exp: 42, nbf: 7, omit: ['iat'] });
    expect(decodeJwt(token)).toEqual({ iss: 'from-claims', aud: ['a', 'b'], exp: 42, nbf: 7, sub: 'u' });
    expect(decodeJwt(await mintToken(handle, {}, { omit: ['exp', 'aud'] }))).not.toHaveProperty('exp');
  });

  it('adds protected header parameters but keeps alg bound to the key', async () => {
    const token = await mintToken(
      handle,
      {},
      { header: { jku: 'http://127.0.0.1:1/jwks.json', alg: 'none', crit: ['x-ext'], 'x-ext': 1 }, omitHeader: ['typ'] },
    );
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: rs.kid, jku: 'http://127.0.0.1:1/jwks.json', crit: ['x-ext'], 'x-ext': 1 });
    expect(decodeProtectedHeader(await mintToken(handle, {}, { omitHeader: ['kid'] }))).not.toHaveProperty('kid');
  });

  it('picks keys by kid, by alg, or a foreign key, and verifies with each', async () => {
    const byKid = await mintToken(handle, {}, { kid: 'es-1' });
    await expect(jwtVerify(byKid, await importJWK(es.publicJwk, 'ES256'))).resolves.toBeTruthy();
    expect(decodeProtectedHeader(await mintToken(handle, {}, { alg: 'ES256' })).kid).toBe('es-1');
    const foreign = await generateSigningKey('ES256', 'stranger');
    const forged = await mintToken(handle, {}, { key: foreign });
    expect(decodeProtectedHeader(forged).kid).toBe('stranger');
    await expect(jwtVerify(forged, await importJWK(es.publicJwk, 'ES256'))).rejects.toThrow();
  });

  it('signs HS* with the shared secret when asked', async () => {
    const token = await mintToken(handle, { sub: 'u' }, { alg: 'HS512' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS512', typ: 'JWT' });
    await expect(jwtVerify(token, new TextEncoder().encode('c2VjcmV0'))).resolves.toBeTruthy();
  });

  it('fails with stable codes when no key fits', async () => {
    await expect(mintToken(handle, {}, { kid: 'missing' })).rejects.toMatchObject({ code: 'IDENTITY_UNKNOWN_KID' });
    await expect(mintToken(handle, {}, { alg: 'PS256' })).rejects.toMatchObject({ code: 'IDENTITY_NO_ACTIVE_KEY' });
    await expect(mintToken({ ...handle, sharedSecret: undefined }, {}, { alg: 'HS256' })).rejects.toMatchObject({ code: 'IDENTITY_NO_SHARED_SECRET' });
  });
});

describe('generateSigningKey', () => {
  it.each(['RS256', 'ES256', 'PS256', 'ES384', 'EdDSA'] as const)('makes a %s key whose JWKs carry kid, alg and use', async (alg) => {
    const key = await generateSigningKey(alg);
    expect(key.privateJwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
    const token = await mintToken({ ...handle, keys: [{ ...key, active: true }] }, { sub: 'u' });
    await expect(jwtVerify(token, await importJWK(key.publicJwk, alg))).resolves.toBeTruthy();
  });

  it('refuses an HMAC or unknown algorithm with the bad value in the message', async () => {
    await expect(generateSigningKey('HS256' as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('"HS256"') });
    await expect(generateSigningKey('none' as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('"none"') });
  });
});
