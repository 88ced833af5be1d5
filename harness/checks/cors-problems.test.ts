import { describe, expect, test } from 'vitest';
import { corsProblems } from './cors-problems.ts';

const policy = { allowedOrigins: ['https://app.example.test'], production: false };

describe('corsProblems', () => {
  test('no grant, or a grant of a declared origin, is fine', () => {
    expect(corsProblems({ origin: 'https://evil.test', headers: {} }, policy)).toEqual([]);
    expect(
      corsProblems(
        {
          origin: 'https://app.example.test',
          headers: { 'access-control-allow-origin': 'https://app.example.test', 'access-control-allow-credentials': 'true' },
        },
        policy,
      ),
    ).toEqual([]);
  });
  test('a reflected undeclared origin and the null origin are problems', () => {
    expect(corsProblems({ origin: 'https://evil.test', headers: { 'access-control-allow-origin': 'https://evil.test' } }, policy)).toEqual([
      'the undeclared origin https://evil.test is reflected',
    ]);
    expect(corsProblems({ origin: 'null', headers: { 'access-control-allow-origin': 'null' } }, policy)).toEqual(['the null origin is granted']);
  });
  test('a wildcard is a problem only with credentials', () => {
    expect(corsProblems({ origin: 'https://evil.test', headers: { 'access-control-allow-origin': '*' } }, policy)).toEqual([]);
    expect(
      corsProblems({ origin: 'https://evil.test', headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' } }, policy),
    ).toHaveLength(1);
  });
  test('in production a declared http origin is still a problem', () => {
    const http = { allowedOrigins: ['http://app.example.test'], production: true };
    expect(corsProblems({ origin: 'http://app.example.test', headers: { 'access-control-allow-origin': 'http://app.example.test' } }, http)).toEqual([
      'the non-HTTPS origin http://app.example.test is granted in production',
    ]);
  });
});
