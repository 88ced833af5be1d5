import { describe, expect, test } from 'vitest';
import type { InvariantVerdict, VerdictKind } from '../../reports/verdict.ts';
import type { RunInterruption } from './run-suites.ts';
import { verdictsBefore } from './verdicts-before.ts';

const verdict = (id: string, kind: VerdictKind): InvariantVerdict => ({ id, verdict: kind, cases: 1, durationMs: 1 });

/** Recorded before the interruption: B-*; after it (or while it was arriving): A-*. */
const RECORDED = new Map(
  (
    [
      ['B-held', 'held'],
      ['B-error', 'error'],
      ['B-violated', 'violated'],
      ['B-inconclusive', 'inconclusive'],
      ['A-held', 'held'],
      ['A-error', 'error'],
      ['A-violated', 'violated'],
      ['A-inconclusive', 'inconclusive'],
    ] as const
  ).map(([id, kind]) => [id, verdict(id, kind)]),
);
const FINISHED = new Set([...RECORDED.keys()].filter((id) => id.startsWith('B-')));

const signalled: RunInterruption = { code: 'INTERRUPTED', signal: 'SIGTERM', message: 'interrupted by SIGTERM', finished: FINISHED };
const partExited: RunInterruption = { code: 'TARGET_EXITED', message: 'target "t" exited with code 1 mid-run', finished: FINISHED };

const keptIds = (interruption: RunInterruption) => [...verdictsBefore(interruption, RECORDED).keys()].sort();

describe('verdictsBefore', () => {
  test('after a signal: everything recorded before it stands, errors included; after it only violations', () => {
    expect(keptIds(signalled)).toEqual(['A-violated', 'B-error', 'B-held', 'B-inconclusive', 'B-violated']);
  });

  test('after a part exited: an error recorded before the exit event is dropped, to be put down to the exit', () => {
    expect(keptIds(partExited)).toEqual(['A-violated', 'B-held', 'B-inconclusive', 'B-violated']);
  });

  test('kept verdicts are the recorded ones, unchanged', () => {
    const kept = verdictsBefore(partExited, RECORDED);
    expect(kept.get('B-held')).toBe(RECORDED.get('B-held'));
    expect(kept.get('A-violated')).toBe(RECORDED.get('A-violated'));
  });

  test('nothing finished before the interruption: only violations survive', () => {
    for (const interruption of [signalled, partExited]) {
      expect([...verdictsBefore({ ...interruption, finished: new Set() }, RECORDED).keys()].sort()).toEqual(['A-violated', 'B-violated']);
    }
  });
});
