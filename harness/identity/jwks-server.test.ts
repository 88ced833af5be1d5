import { afterEach, describe, expect, it } from 'vitest';
import { startJwksServer, type StartedJwksServer } from './jwks-server.ts';

const servers: StartedJwksServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe('startJwksServer', () => {
  it('serves the set on its path, 404 elsewhere, and records both', async () => {
    const server = await startJwksServer([{ kty: 'oct', k: 'attacker' }], { name: 'attacker JWKS', cacheControl: 'max-age=5' });
    servers.push(server);
    const res = await fetch(server.jwksUrl);
    expect(res.headers.get('cache-control')).toBe('max-age=5');
    expect(await res.json()).toEqual({ keys: [{ kty: 'oct', k: 'attacker' }] });
    expect((await fetch(`${server.url}/other?x=1`)).status).toBe(404);
    expect(server.fetchLog().map((f) => [f.path, f.status])).toEqual([
      ['/.well-known/jwks.json', 200],
      ['/other?x=1', 404],
    ]);
  });

  it('serves every path with `*` and swaps keys in place', async () => {
    const server = await startJwksServer([], { path: '*' });
    servers.push(server);
    server.setKeys([{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }]);
    expect(await (await fetch(`${server.url}/anything`)).json()).toEqual({ keys: server.keys() });
    expect(server.fetchCount()).toBe(1);
  });

  it('stops idempotently even with kept-alive connections', async () => {
    const server = await startJwksServer([]);
    await (await fetch(server.jwksUrl)).text();
    await Promise.all([server.stop(), server.stop()]);
    await expect(fetch(server.jwksUrl)).rejects.toThrow();
  });
});
