import { describe, expect, test } from 'vitest';
import type { ProbeResponse } from '../http/types.ts';
import { dealRepresentatives, isRefusal } from './refusal-property.ts';

const reps = ['none:a', 'none:b', 'none:c', 'sig:x', 'crit:y'];
const family = (v: string) => v.split(':')[0]!;

describe('dealRepresentatives', () => {
  test('without groups every operation meets every representative', () => {
    expect(dealRepresentatives(reps, undefined, 1, 2)).toEqual(reps);
  });
  test('every group meets every operation and every member meets some operation', () => {
    const dealt = [0, 1].map((j) => dealRepresentatives(reps, family, j, 2));
    for (const ops of dealt) expect(new Set(ops.map(family))).toEqual(new Set(['none', 'sig', 'crit']));
    expect(new Set(dealt.flat())).toEqual(new Set(reps));
    expect(dealt[0]).toEqual(['none:a', 'none:c', 'sig:x', 'crit:y']);
  });
  test('more operations than members: the members repeat', () => {
    expect(dealRepresentatives(reps, family, 4, 5)).toEqual(['none:b', 'sig:x', 'crit:y']);
  });
});

describe('isRefusal', () => {
  const answer = (status: number) => ({ status, headers: {}, text: '', json: undefined }) as ProbeResponse;
  test('only the declared refusal refuses, unless any answer but success does', () => {
    expect(isRefusal(answer(401), [401])).toBe(true);
    expect(isRefusal(answer(400), [401])).toBe(false);
    expect(isRefusal(answer(400), [401], [200])).toBe(true);
    expect(isRefusal(answer(200), [401], [200])).toBe(false);
  });
});
