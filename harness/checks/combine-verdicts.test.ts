import { describe, expect, test } from 'vitest';
import { combineVerdicts } from './combine-verdicts.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';

const part = (verdict: InvariantVerdict['verdict'], extra: Partial<InvariantVerdict> = {}): InvariantVerdict => ({
  id: 'DB-5',
  verdict,
  cases: 2,
  durationMs: 10,
  ...extra,
});
const counterexample = { seed: 1, path: '0:1', numRuns: 10, value: 'v', violation: { invariant: 'DB-5', message: 'm', steps: [] }, replay: 'r' };

describe('combineVerdicts', () => {
  test('all held is held, with summed cases and per-part verdicts', () => {
    const v = combineVerdicts('DB-5', [
      { name: 'audit', verdict: part('held', { details: { a: 1 } }) },
      { name: 'property', verdict: part('held', { details: { b: 2 } }) },
    ]);
    expect(v).toMatchObject({ id: 'DB-5', verdict: 'held', cases: 4, durationMs: 20, details: { a: 1, b: 2, parts: { audit: 'held', property: 'held' } } });
    expect(v.reason).toBeUndefined();
  });

  test('a violation outranks an inconclusive part and brings its counterexample', () => {
    const v = combineVerdicts('DB-5', [
      { name: 'audit', verdict: part('inconclusive', { reason: 'positive control failed: no role' }) },
      { name: 'property', verdict: part('violated', { reason: 'TRUNCATE succeeded', counterexample, firstViolationAt: '2026-01-01T00:00:00.000Z' }) },
    ]);
    expect(v.verdict).toBe('violated');
    expect(v.counterexample).toBe(counterexample);
    expect(v.firstViolationAt).toBe('2026-01-01T00:00:00.000Z');
    expect(v.reason).toBe('audit: positive control failed: no role; property: TRUNCATE succeeded');
  });

  test('the first violated part decides when both are violated', () => {
    const v = combineVerdicts('DB-5', [
      { name: 'audit', verdict: part('violated', { reason: 'superuser', counterexample: { ...counterexample, path: '' } }) },
      { name: 'property', verdict: part('violated', { reason: 'copy', counterexample }) },
    ]);
    expect(v.counterexample?.path).toBe('');
    expect(v.reason).toBe('audit: superuser; property: copy');
  });

  test('an error outranks held and inconclusive', () => {
    expect(
      combineVerdicts('DB-5', [
        { name: 'a', verdict: part('inconclusive', { reason: 'x' }) },
        { name: 'b', verdict: part('error', { reason: 'y' }) },
      ]).verdict,
    ).toBe('error');
  });
});
