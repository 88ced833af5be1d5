import { describe, expect, test } from 'vitest';
import { nextRound, thinnestCell, type ExploreCandidate } from './next-round.ts';

const candidate = (id: string, matrix: ExploreCandidate['matrix'], rounds = 1): ExploreCandidate => ({ id, rounds, matrix });

describe('nextRound', () => {
  test('a zero-probe cell goes first, whatever the other counts', () => {
    const next = nextRound([
      candidate('A-1', { 'notes.read': { control: 3, 'cross-tenant-read': 3 } }),
      // profiles.read was never probed with the batch family: a zero cell of the cross product.
      candidate('B-1', { 'notes.read': { control: 90, 'cross-tenant-batch': 90 }, 'profiles.read': { control: 90 } }),
    ]);
    expect(next).toEqual({ id: 'B-1', cell: { operation: 'profiles.read', family: 'cross-tenant-batch', probes: 0 } });
  });

  test('then the lowest count', () => {
    const next = nextRound([candidate('A-1', { 'notes.read': { control: 30, probe: 12 } }), candidate('B-1', { 'notes.list': { control: 30, probe: 7 } })]);
    expect(next).toEqual({ id: 'B-1', cell: { operation: 'notes.list', family: 'probe', probes: 7 } });
  });

  test('a cell still empty after an extra round no longer counts as zero', () => {
    const stale = candidate('B-1', { 'notes.read': { control: 90, batch: 90 }, 'profiles.read': { control: 90 } }, 2);
    expect(thinnestCell(stale)).toEqual({ operation: 'notes.read', family: 'batch', probes: 90 });
    expect(nextRound([stale, candidate('A-1', { 'notes.read': { control: 40 } }, 3)])?.id).toBe('A-1');
  });

  test('ties go to fewer rounds, then to catalogue order', () => {
    const m = { 'notes.read': { control: 5 } };
    expect(nextRound([candidate('A-1', m, 3), candidate('B-1', m, 2)])?.id).toBe('B-1');
    expect(nextRound([candidate('A-1', m, 2), candidate('B-1', m, 2)])?.id).toBe('A-1');
  });

  test('a candidate without evidence comes last, and none means no round', () => {
    expect(nextRound([candidate('A-1', {}), candidate('B-1', { '(sql)': { '(none)': 500 } })])?.id).toBe('B-1');
    expect(nextRound([candidate('A-1', {})])?.id).toBe('A-1');
    expect(nextRound([])).toBeUndefined();
  });

  test('the same counts give the same choice', () => {
    const cs = [candidate('A-1', { x: { f: 2, g: 1 } }), candidate('B-1', { y: { f: 1 } })];
    expect(nextRound(cs)).toEqual(nextRound(structuredClone(cs)));
  });
});
