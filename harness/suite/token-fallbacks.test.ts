import { describe, expect, test } from 'vitest';
import { placedForgeryRepresentatives, placedGroup, placedLabel } from '../../generators/token-placement.ts';
import { dealRepresentatives } from './refusal-property.ts';
import { fallbackTransport, fallbacksBesides } from './token-fallbacks.ts';

const cookie = { in: 'cookie' as const, name: 'sid' };

describe('token fallbacks', () => {
  test('a fallback is placed only where it differs from the declared transport', () => {
    expect(fallbacksBesides(cookie)).toEqual(['bearer-header', 'access-token-query']);
    // Header names and the scheme are case-insensitive: the declared bearer header is no fallback.
    expect(fallbacksBesides({ in: 'header', name: 'Authorization', scheme: 'bearer' })).toEqual(['access-token-query']);
    expect(fallbacksBesides({ in: 'header', name: 'authorization', scheme: 'Token' })).toEqual(['bearer-header', 'access-token-query']);
    expect(fallbacksBesides({ in: 'query', name: 'access_token' })).toEqual(['bearer-header']);
    expect(fallbacksBesides({ in: 'query', name: 'token' })).toEqual(['bearer-header', 'access-token-query']);
    expect(fallbackTransport('bearer-header')).toEqual({ in: 'header', name: 'authorization', scheme: 'Bearer' });
    expect(fallbackTransport('access-token-query')).toEqual({ in: 'query', name: 'access_token' });
  });

  test('every operation meets one forgery per fallback, every such forgery meets some operation, at two probes per operation', () => {
    const options = { algorithms: ['ES256'], sharedSecret: false };
    const reps = placedForgeryRepresentatives(options, fallbacksBesides(cookie));
    const declaredOnly = placedForgeryRepresentatives(options, []);
    const operations = 10;
    const deal = (all: typeof reps) => Array.from({ length: operations }, (_, j) => dealRepresentatives(all, placedGroup, j, operations));
    const dealt = deal(reps);
    for (const probes of dealt) {
      expect(probes.filter((r) => r.placement === 'bearer-header')).toHaveLength(1);
      expect(probes.filter((r) => r.placement === 'access-token-query')).toHaveLength(1);
    }
    const met = new Set(dealt.flat().map(placedLabel));
    for (const r of reps) expect(met).toContain(placedLabel(r));
    expect(dealt.flat().length - deal(declaredOnly).flat().length).toBe(2 * operations);
  });
});
