import { describe, expect, test } from 'vitest';
import { REDACTED, redact } from './redact.ts';

describe('redact', () => {
  test("a JWK's private members go, plain or escaped inside a JSON string, and the line stays JSON", () => {
    const jwk = { kty: 'RSA', n: 'pub', e: 'AQAB', d: 'secret-d', p: 'secret-p', q: 'secret-q', dp: 'x', dq: 'y', qi: 'z' };
    const plain = redact(JSON.stringify(jwk));
    expect(JSON.parse(plain)).toEqual({ ...jwk, d: REDACTED, p: REDACTED, q: REDACTED, dp: REDACTED, dq: REDACTED, qi: REDACTED });
    const line = redact(JSON.stringify({ bodyExcerpt: JSON.stringify({ keys: [{ kty: 'oct', k: 'hmac-secret' }] }) }));
    expect(JSON.parse(JSON.parse(line).bodyExcerpt)).toEqual({ keys: [{ kty: 'oct', k: REDACTED }] });
  });

  test('q, d, p and k outside a JWK are data: a search term survives for the replay command', () => {
    const evidence = JSON.stringify({ request: { query: { q: 'tpc-t0-u0-0d680d8d' } }, body: { d: 1, p: 'page', k: 'key' } });
    expect(redact(evidence)).toBe(evidence);
  });

  test('tokens, private keys and database passwords go wherever they are', () => {
    const text = 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln postgres://app:pw@127.0.0.1/db -----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----';
    expect(redact(text)).toBe(`Bearer ${REDACTED} postgres://app:${REDACTED}@127.0.0.1/db ${REDACTED}`);
  });
});
