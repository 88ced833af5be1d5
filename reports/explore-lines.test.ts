import { describe, expect, test } from 'vitest';
import { exploreLines } from './explore-lines.ts';
import { sampleSummary } from './test-support/sample-summary.ts';

describe('exploreLines', () => {
  test('rounds and cases per invariant, and who got only a first round and why', () => {
    const summary = sampleSummary();
    summary.invariants.push({ ...summary.invariants[0]!, id: 'RL-1', explore: { rounds: 1, firstRoundOnly: 'explore: false in its definition' } });
    summary.invariants.push({ ...summary.invariants[0]!, id: 'UI-1', cases: 1, explore: { rounds: 1 } });
    const lines = exploreLines(summary);
    expect(lines[0]).toBe('explore: 3 rounds after the first; rounds and cases per invariant:');
    expect(lines).toContain('  AUTH-1     3 rounds     20 cases');
    expect(lines).toContain('  TI-1       2 rounds      3 cases, violated in round 4');
    expect(lines).toContain('  UI-1        1 round       1 case');
    expect(lines).toContain('  first round only (explore: false in its definition): RL-1');
  });
  test('a run without explore says nothing', () => {
    const summary = sampleSummary();
    for (const v of summary.invariants) delete v.explore;
    expect(exploreLines(summary)).toEqual([]);
  });
});
