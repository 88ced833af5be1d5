import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { foreignOrigin, foreignOriginVariants } from './foreign-origin.ts';

const allowed = ['https://app.example.test'];

describe('foreignOrigin', () => {
  test('the look-alikes of a declared origin are all outside the allow-list', () => {
    const variants = foreignOriginVariants(allowed);
    expect(variants.map((v) => v.id)).toEqual(['null', 'unrelated', 'suffix', 'prefix', 'subdomain', 'other-port', 'http-downgrade']);
    expect(variants.map((v) => v.origin)).toContain('https://app.example.test.tenantproof-evil.test');
    expect(variants.map((v) => v.origin)).toContain('http://app.example.test');
    expect(variants.some((v) => allowed.includes(v.origin))).toBe(false);
  });
  test('generated origins are never declared and are deterministic for a seed', () => {
    fc.assert(
      fc.property(foreignOrigin(allowed), (o) => !allowed.includes(o.origin)),
      { seed: 3 },
    );
    expect(fc.sample(foreignOrigin(allowed), { seed: 9, numRuns: 5 })).toEqual(fc.sample(foreignOrigin(allowed), { seed: 9, numRuns: 5 }));
  });
});
