import { describe, expect, test } from 'vitest';
import { fullEvidence } from '../../reports/test-support/full-evidence.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { InvariantDefinition } from './define-invariant.ts';
import { runInvariant } from './run-invariant.ts';

const tmp = tempDirs('tp-disk-full-');

describe('a full disk while an invariant writes its evidence mid-run', () => {
  test("ends the run with DISK_FULL naming the file instead of becoming the invariant's error verdict", async () => {
    const { file, evidence } = fullEvidence(tmp());
    const definition = {
      id: 'TI-1',
      requires: [],
      run: (ctx: SuiteContext) => {
        ctx.evidence.write({ invariant: 'TI-1', kind: 'http', request: { path: '/x' } });
        ctx.evidence.flush();
        return Promise.resolve({ id: 'TI-1', verdict: 'held' as const, cases: 1, durationMs: 1 });
      },
    } as unknown as InvariantDefinition;
    const ctx = { config: {}, evidence } as unknown as SuiteContext;
    await expect(runInvariant(definition, ctx)).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: `no space left on the device holding ${file} (ENOSPC): free some space there`,
    });
  });
});
