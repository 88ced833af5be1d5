import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { forgedTokenRepresentatives } from './forged-token.ts';
import { placedForgery, placedForgeryRepresentatives, placedLabel, type Fallback } from './token-placement.ts';

const options = { algorithms: ['ES256'], sharedSecret: false };
const both: Fallback[] = ['bearer-header', 'access-token-query'];

describe('token placement', () => {
  test('representatives: the whole catalogue on the declared transport, a few forgeries on each fallback, labelled with it', () => {
    const reps = placedForgeryRepresentatives(options, both);
    const catalogue = forgedTokenRepresentatives(options);
    expect(reps.filter((r) => r.placement === 'declared').map((r) => r.recipe)).toEqual(catalogue);
    expect(reps.filter((r) => r.placement === 'declared').map(placedLabel)).toEqual(catalogue.map((r) => r.id));
    const fallback = ['alg-none:none', 'signature:bit-flip', 'unknown-key:target-kid', 'tampered-payload:tenant'];
    for (const placement of both) {
      expect(reps.filter((r) => r.placement === placement).map(placedLabel)).toEqual(fallback.map((id) => `${id}@${placement}`));
    }
    expect(placedForgeryRepresentatives(options, [])).toHaveLength(catalogue.length);
  });

  test('random cases reach every placement, the declared transport about half the time, reproducibly', () => {
    const sample = fc.sample(placedForgery(options, both), { seed: 42, numRuns: 400 });
    const declared = sample.filter((s) => s.placement === 'declared').length;
    expect(new Set(sample.map((s) => s.placement))).toEqual(new Set(['declared', ...both]));
    expect(declared).toBeGreaterThan(140);
    expect(declared).toBeLessThan(260);
    expect(fc.sample(placedForgery(options, both), { seed: 42, numRuns: 400 })).toEqual(sample);
    expect(new Set(fc.sample(placedForgery(options, []), { seed: 42, numRuns: 50 }).map((s) => s.placement))).toEqual(new Set(['declared']));
  });
});
