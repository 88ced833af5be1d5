import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EvidenceStore } from '../../reports/evidence-store.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { InvariantDefinition } from './define-invariant.ts';
import { runInvariant } from './run-invariant.ts';

const tmp = tempDirs('tp-disk-full-');

describe('a full disk while an invariant writes its evidence mid-run', () => {
  /** An evidence store whose evidence.ndjson is a link to /dev/full, so every append fails with ENOSPC for real. */
  function fullEvidence(): { file: string; evidence: EvidenceStore } {
    const dir = tmp();
    const file = path.join(dir, 'evidence.ndjson');
    symlinkSync('/dev/full', file);
    return { file, evidence: new EvidenceStore(dir) };
  }

  test('ends the run with DISK_FULL naming the file instead of becoming the invariant\'s error verdict', async () => {
    const { file, evidence } = fullEvidence();
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
