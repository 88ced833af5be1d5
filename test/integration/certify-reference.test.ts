/**
 * The clean reference service certifies: every invariant the suites check is `held`, on several
 * seeds, through the real CLI (embedded Postgres, real target process, real tokens). Three seeds
 * here, to fit CI's time; `npm run zoo` certifies the clean service too, on ZOO_SEED.
 */
import { describe, expect, test } from 'vitest';
import { processesLeftBehind, REFERENCE_CONFIG, runCli, verdicts } from './support/cli.ts';

const SEEDS = [1, 2, 3];
const FOUNDATION = ['AUTH-1', 'ID-1', 'TI-1', 'TI-2'];

describe('clean reference service', () => {
  test.each(SEEDS)('seed %i: every invariant held, exit 0, nothing left running', async (seed) => {
    const run = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', String(seed), '--profile', 'quick']);
    const byId = verdicts(run.summary);
    expect(run.summary?.seed).toBe(seed);
    for (const id of FOUNDATION) expect(byId[id], `${id}\n${run.stdout}\n${run.stderr}`).toBe('held');
    expect(
      Object.entries(byId).filter(([, v]) => v !== 'held'),
      run.stdout,
    ).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(await processesLeftBehind(run.marker)).toEqual([]);
  });
});
