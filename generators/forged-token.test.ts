import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { forgedToken, forgedTokenRepresentatives } from './forged-token.ts';

const jwks = { algorithms: ['RS256', 'ES256'], sharedSecret: false };

describe('forgedToken', () => {
  test('representatives cover every family once per variant, with stable ids', () => {
    const reps = forgedTokenRepresentatives(jwks);
    expect(new Set(reps.map((r) => r.family))).toEqual(
      new Set([
        'alg-none',
        'signature',
        'unknown-key',
        'hs-confusion',
        'embedded-key',
        'kid-injection',
        'tampered-payload',
        'duplicate-alg',
        'crit',
        'malformed',
        'psychic',
      ]),
    );
    expect(new Set(reps.map((r) => r.id)).size).toBe(reps.length);
    expect(reps.map((r) => r.id)).toContain('hs-confusion:pem-newline');
    expect(reps.map((r) => r.id)).toContain('psychic:ES256');
  });

  test('forgeries that need a public key or ECDSA are left out when they cannot apply', () => {
    const ids = forgedTokenRepresentatives({ algorithms: ['HS256'], sharedSecret: true }).map((r) => r.family);
    expect(ids).not.toContain('hs-confusion');
    expect(ids).not.toContain('psychic');
    expect(ids).not.toContain('unknown-key');
    fc.assert(
      fc.property(forgedToken({ algorithms: ['RS256'], sharedSecret: false }), (r) => r.family !== 'psychic'),
      { seed: 1 },
    );
  });

  test('generated values are plain data, deterministic for a seed, and vary their parameters', () => {
    const a = fc.sample(forgedToken(jwks), { seed: 42, numRuns: 200 });
    expect(fc.sample(forgedToken(jwks), { seed: 42, numRuns: 200 })).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(new Set(a.map((r) => r.family)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(a.filter((r) => r.family === 'alg-none').map((r) => (r as { spelling: string }).spelling)).size).toBeGreaterThan(2);
  });

  test('an empty algorithm list is refused up front', () => {
    expect(() => forgedToken({ algorithms: [], sharedSecret: false })).toThrow(/got \[\]/);
  });
});
