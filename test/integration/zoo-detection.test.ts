/**
 * Every bug-zoo variant is reported violated on exactly the invariants its documentation names
 * (of those the suites check), and nothing else; the clean service is covered by
 * certify-reference.test.ts.
 *
 * To fit CI's time, each variant is certified against one half of the catalogue: realtime
 * variants against the realtime and rate-limit invariants, all others against everything else,
 * two at a time (the realtime half is timing-sensitive and runs alone). `npm run zoo` certifies
 * every variant against every invariant and writes the full matrix.
 */
import { describe, expect, test } from 'vitest';
import { ZOO_VARIANTS, type ZooVariant } from '../../fixtures/reference-service/src/zoo.ts';
import { REFERENCE_CONFIG, runCli, verdicts } from './support/cli.ts';
import { halfOf, isRealtimeVariant as realtime } from './support/zoo-halves.ts';

async function expectExactlyItsBreaks(variant: ZooVariant) {
  const run = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', '7', '--profile', 'quick', ...halfOf(variant)], {
    TENANTPROOF_BUGS: variant.id,
  });
  const byId = Object.fromEntries(Object.entries(verdicts(run.summary)).filter(([, v]) => v !== 'skipped'));
  const checked = Object.keys(byId);
  const expected = variant.breaks.filter((inv) => checked.includes(inv)).sort();
  const violated = Object.entries(byId)
    .filter(([, v]) => v === 'violated')
    .map(([inv]) => inv)
    .sort();
  expect(expected.length, `${variant.id} breaks ${variant.breaks.join(', ')}, none of which ran`).toBeGreaterThan(0);
  expect(violated, run.stdout).toEqual(expected);
  expect(
    Object.entries(byId).filter(([, v]) => v !== 'held' && v !== 'violated'),
    run.stdout,
  ).toEqual([]);
  expect(run.code).toBe(1);
  const first = run.summary!.invariants.find((v) => v.verdict === 'violated')!;
  expect(first.counterexample?.replay).toContain(`TENANTPROOF_BUGS=${variant.id}`);
  expect(run.stdout).toContain('replay');
}

const cases = (list: readonly ZooVariant[]) => list.map((v) => [v.id, v] as const);

describe.concurrent('bug zoo: HTTP and database variants', () => {
  test.each(cases(ZOO_VARIANTS.filter((v) => !realtime(v))))('%s is caught on exactly its invariants', (_id, variant) => expectExactlyItsBreaks(variant));
});

describe('bug zoo: realtime variants', () => {
  test.each(cases(ZOO_VARIANTS.filter(realtime)))('%s is caught on exactly its invariants', (_id, variant) => expectExactlyItsBreaks(variant));
});
