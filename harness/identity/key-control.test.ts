import { afterEach, describe, expect, it } from 'vitest';
import { startIdentityProvider, type StartedIdentityProvider } from './identity-provider.ts';
import { publishKey, retireKey } from './key-control.ts';
import { generateSigningKey } from './signing-key.ts';

const started: StartedIdentityProvider[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((idp) => idp.stop()));
});
const kids = async (url: string) => ((await (await fetch(url)).json()) as { keys: Array<{ kid: string; d?: string }> }).keys;

describe('key control', () => {
  it('publishes the public half of a worker key next to the provider keys, then retires it', async () => {
    const idp = await startIdentityProvider({ issuer: 'https://idp.test/', audience: 'aud', mode: 'jwks', algorithms: ['ES256'] });
    started.push(idp);
    const key = await generateSigningKey('ES256');
    await publishKey(idp.handle(), key.privateJwk);
    const served = await kids(idp.jwksUrl);
    expect(served.map((k) => k.kid)).toEqual([idp.handle().keys[0]!.kid, key.kid]);
    expect(served.every((k) => k.d === undefined)).toBe(true);
    await retireKey(idp.handle(), key.kid);
    expect((await kids(idp.jwksUrl)).map((k) => k.kid)).toEqual([idp.handle().keys[0]!.kid]);
    expect(idp.fetchCount()).toBe(2);
  });

  it('refuses a request without the secret and a body it cannot use', async () => {
    const idp = await startIdentityProvider({ issuer: 'https://idp.test/', audience: 'aud', mode: 'jwks' });
    started.push(idp);
    const { url, secret } = idp.handle().control!;
    expect((await fetch(url, { method: 'POST', body: '{"retire":"x"}' })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${secret}x` }, body: '{"retire":"x"}' })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: '{}' })).status).toBe(400);
    await expect(publishKey({ ...idp.handle(), control: { url, secret: 'wrong' } }, { kty: 'EC', kid: 'k' })).rejects.toMatchObject({
      code: 'IDENTITY_CONTROL_FAILED',
    });
  });
});
