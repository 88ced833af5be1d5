/**
 * Every bug-zoo variant is reported violated on exactly the invariants its documentation names
 * (of those the suites check), and nothing else; the clean service is covered by
 * certify-reference.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { ZOO_VARIANTS } from '../../fixtures/reference-service/src/zoo.ts';
import { REFERENCE_CONFIG, runCli, verdicts } from './support/cli.ts';

describe('bug zoo', () => {
  test.each(ZOO_VARIANTS.map((v) => [v.id, v] as const))('%s is caught on exactly its invariants', async (id, variant) => {
    const run = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', '7', '--profile', 'quick'], { TENANTPROOF_BUGS: id });
    const byId = verdicts(run.summary);
    const checked = Object.keys(byId);
    const expected = variant.breaks.filter((inv) => checked.includes(inv)).sort();
    const violated = Object.entries(byId).filter(([, v]) => v === 'violated').map(([inv]) => inv).sort();
    expect(expected.length, `${id} breaks ${variant.breaks.join(', ')}, none of which ran`).toBeGreaterThan(0);
    expect(violated, run.stdout).toEqual(expected);
    expect(Object.entries(byId).filter(([, v]) => v !== 'held' && v !== 'violated'), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
    const first = run.summary!.invariants.find((v) => v.verdict === 'violated')!;
    expect(first.counterexample?.replay).toContain(`TENANTPROOF_BUGS=${id}`);
    expect(run.stdout).toContain('replay:');
  });
});
