import { describe, expect, test } from 'vitest';
import { fingerprintOf, findingsOf, messageShape } from './finding-fingerprint.ts';
import { diffRuns, renderFindingChanges } from './run-diff.ts';
import type { Summary, SummaryInvariant } from './summary.ts';
import { sampleSummary } from './test-support/sample-summary.ts';

const ti1 = (s: Summary) => s.invariants.find((v) => v.id === 'TI-1')!;
/** The sample run with TI-1 held: the same service after the fix. */
function fixedRun(): Summary {
  const s = sampleSummary();
  const { counterexample: _c, reason: _r, ...held } = ti1(s);
  s.invariants = s.invariants.map((v) => (v.id === 'TI-1' ? ({ ...held, verdict: 'held' } as SummaryInvariant) : v));
  return { ...s, runId: 'run-fixed', exitCode: 0 };
}

describe('finding fingerprints', () => {
  test('the same finding on another seed (other tenants, ids, counts) keeps its fingerprint', () => {
    const a = 'tenant 1 read of notes 3f2a9c1e-0000-4000-8000-000000000001 owned by tenant 0: answered 200 with 2 canaries';
    const b = 'tenant 4 read of notes 9b1d0c3e-1111-4000-8000-000000000002 owned by tenant 2: answered 200 with 1 canaries';
    expect(messageShape(a)).toBe('tenant # read of notes # owned by tenant #');
    expect(fingerprintOf('TI-1', a, 'notes')).toBe(fingerprintOf('TI-1', b, 'notes'));
  });

  test('another invariant, resource, label or kind of finding is another fingerprint', () => {
    const message = 'tenant 1 read of notes 7 owned by tenant 0: leaked';
    const base = fingerprintOf('TI-1', message, 'notes');
    expect(fingerprintOf('TI-2', message, 'notes')).not.toBe(base);
    expect(fingerprintOf('TI-1', message, 'profiles')).not.toBe(base);
    expect(fingerprintOf('TI-1', message, 'notes', { forgery: 'alg-none' })).not.toBe(base);
    expect(fingerprintOf('TI-1', 'tenant 1 update of notes 7 owned by tenant 0: changed', 'notes')).not.toBe(base);
  });

  test('a run lists its violated findings once each, further violations included, and nothing of the others', () => {
    const s = sampleSummary();
    ti1(s).alsoViolated = ['tenant 2 read of profiles 4 owned by tenant 1: leaked'];
    const found = findingsOf(s);
    expect(found.map((f) => [f.invariant, f.message])).toEqual([
      ['TI-1', 'leak'],
      ['TI-1', 'tenant 2 read of profiles 4 owned by tenant 1: leaked'],
    ]);
  });
});

describe('diffRuns', () => {
  test('a violation gone from a run where its invariant held is fixed; the other way round it is new', () => {
    const fixed = diffRuns(sampleSummary(), fixedRun());
    expect(fixed.fixed.map((f) => f.invariant)).toEqual(['TI-1']);
    expect([fixed.new, fixed.stillFailing, fixed.notRechecked]).toEqual([[], [], []]);
    const regressed = diffRuns(fixedRun(), sampleSummary());
    expect(regressed.new.map((f) => f.invariant)).toEqual(['TI-1']);
    expect(regressed.fixed).toEqual([]);
  });

  test('the same finding in both runs is still failing, whatever the seed shrank to', () => {
    const later = sampleSummary();
    later.runId = 'run-later';
    ti1(later).counterexample!.violation.victim!.id = 'n9';
    expect(diffRuns(sampleSummary(), later).stillFailing.map((f) => f.invariant)).toEqual(['TI-1']);
  });

  test('a violation whose invariant the later run did not settle is not rechecked, never fixed', () => {
    const later = sampleSummary();
    Object.assign(ti1(later), { verdict: 'skipped', counterexample: undefined });
    const changes = diffRuns(sampleSummary(), later);
    expect(changes.fixed).toEqual([]);
    expect(changes.notRechecked.map((f) => f.invariant)).toEqual(['TI-1']);
    expect(renderFindingChanges(changes)[0]).toBe(`since ${sampleSummary().runId}: 0 new, 0 fixed, 0 still failing, 1 not rechecked`);
  });
});
