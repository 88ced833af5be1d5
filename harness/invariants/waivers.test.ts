import { describe, expect, test } from 'vitest';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { waiver as waiverSchema } from '../config/waiver-schema.ts';
import { applyWaivers, checkWaivers } from './waivers.ts';

const violated = (id: string, message: string): InvariantVerdict => ({
  id,
  verdict: 'violated',
  cases: 3,
  durationMs: 1,
  reason: message,
  counterexample: { seed: 7, path: '0', numRuns: 10, value: 1, replay: 'npx tenantproof ...', violation: { invariant: id, message, steps: [] } },
});
const w = (over: Record<string, unknown> = {}) => waiverSchema.parse({ invariant: 'WEB-2', reason: 'legacy admin pages', until: '2030-01-01', ...over });

describe('waiver contract entries', () => {
  test('need an invariant id, a non-empty reason, a real date and a valid /regex/', () => {
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: 'x', until: '2030-01-01' }).success).toBe(true);
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: '  ', until: '2030-01-01' }).success).toBe(false);
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: 'x', until: '2030-02-30' }).success).toBe(false);
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: 'x', until: '01/02/2030' }).success).toBe(false);
    expect(waiverSchema.safeParse({ invariant: 'web2', reason: 'x', until: '2030-01-01' }).success).toBe(false);
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: 'x', until: '2030-01-01', match: '/(/' }).success).toBe(false);
    expect(waiverSchema.safeParse({ invariant: 'WEB-2', reason: 'x', until: '2030-01-01', unknown: 1 }).success).toBe(false);
  });
});

describe('checkWaivers', () => {
  const known = (id: string) => id === 'WEB-2';
  test('a waiver naming no catalogued invariant fails, naming it', () => {
    expect(() => checkWaivers([w({ invariant: 'WEB-9' })], known)).toThrow(/waivers\[0\] \(WEB-9, until 2030-01-01\): WEB-9 names no invariant/);
  });
  test('a waiver past its date fails naming it; its last day still holds', () => {
    const today = new Date('2030-01-02T08:00:00Z');
    expect(() => checkWaivers([w({ until: '2030-01-02' })], known, today)).not.toThrow();
    expect(() => checkWaivers([w({ until: '2030-01-02' }), w({ until: '2030-01-01' })], known, today)).toThrow(
      expect.objectContaining({ code: 'WAIVER_EXPIRED', message: expect.stringMatching(/^waivers\[1\] \(WEB-2, until 2030-01-01\) expired on 2030-01-01/) }),
    );
  });
});

describe('applyWaivers', () => {
  test('a matching waiver makes a violation waived, keeping the counterexample and adding the waiver', () => {
    const v = applyWaivers(violated('WEB-2', "script-src allows 'unsafe-inline'"), [w()]);
    expect(v).toMatchObject({ verdict: 'waived', waiver: { reason: 'legacy admin pages', until: '2030-01-01' }, counterexample: { seed: 7 } });
    expect(v.reason).toBe("waived until 2030-01-01: legacy admin pages (finding: script-src allows 'unsafe-inline')");
  });
  test('match is a substring or a /regex/ of the finding message; a miss leaves the violation', () => {
    const finding = violated('WEB-2', "GET /admin: script-src allows 'unsafe-inline'");
    expect(applyWaivers(finding, [w({ match: 'unsafe-inline' })]).verdict).toBe('waived');
    expect(applyWaivers(finding, [w({ match: '/^GET \\/admin/' })]).verdict).toBe('waived');
    expect(applyWaivers(finding, [w({ match: '/^GET \\/api/' })]).verdict).toBe('violated');
    expect(applyWaivers(finding, [w({ match: 'frame-ancestors' })]).verdict).toBe('violated');
  });
  test('a waiver covers a verdict only when it matches every violation recorded, not just the counterexample', () => {
    const both = { ...violated('WEB-2', "script-src allows 'unsafe-inline'"), alsoViolated: ['GET /admin: no CSP header'] };
    expect(applyWaivers(both, [w({ match: 'unsafe-inline' })]).verdict).toBe('violated');
    expect(applyWaivers({ ...both, alsoViolated: ["POST /x: 'unsafe-inline'"] }, [w({ match: 'unsafe-inline' })]).verdict).toBe('waived');
  });

  test('another invariant, held, error and inconclusive verdicts are untouched', () => {
    expect(applyWaivers(violated('WEB-1', 'cors'), [w()]).verdict).toBe('violated');
    for (const verdict of ['held', 'error', 'inconclusive', 'skipped'] as const) {
      expect(applyWaivers({ id: 'WEB-2', verdict, cases: 0, durationMs: 0 }, [w()]).verdict).toBe(verdict);
    }
  });
});
