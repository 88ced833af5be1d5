import { describe, expect, test } from 'vitest';
import { cspWeaknesses } from './csp-weaknesses.ts';

describe('cspWeaknesses', () => {
  test('a locked-down API policy has none', () => {
    expect(cspWeaknesses("default-src 'none'; frame-ancestors 'none'; base-uri 'none'")).toEqual([]);
  });
  test('unsafe-inline in script-src, or in default-src when script-src is absent', () => {
    expect(cspWeaknesses("default-src 'self'; script-src 'self' 'unsafe-inline'")).toEqual(['script-unsafe-inline']);
    expect(cspWeaknesses("default-src 'self' 'unsafe-inline'")).toEqual(['script-unsafe-inline']);
    expect(cspWeaknesses("default-src 'self' 'unsafe-inline'; script-src 'self'")).toEqual([]);
  });
  test('a nonce or hash neutralises unsafe-inline, not unsafe-eval', () => {
    expect(cspWeaknesses("script-src 'nonce-abc' 'unsafe-inline' 'unsafe-eval'")).toEqual(['script-unsafe-eval']);
  });
  test('wildcards in default-src and frame-ancestors, case-insensitively', () => {
    expect(cspWeaknesses('DEFAULT-SRC *; Frame-Ancestors *')).toEqual(['default-src-wildcard', 'frame-ancestors-wildcard']);
  });
  test('with several policies only a weakness all of them share counts', () => {
    expect(cspWeaknesses("script-src 'unsafe-inline', script-src 'self'")).toEqual([]);
    expect(cspWeaknesses("script-src 'unsafe-eval', default-src 'unsafe-eval'")).toEqual(['script-unsafe-eval']);
  });
});
