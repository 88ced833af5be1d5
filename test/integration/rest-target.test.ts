/**
 * The contract carries resource shapes real REST services have: tasks nested under projects
 * (create needs a parent), a batch read taking a list of ids, projects listed in pages (`next`)
 * and deleted softly (`liveRows`), a read-only directory seeded by SQL (no create) and addressed
 * by the tenant's slug, personal bookmarks without an update, bigserial ids and claims named `acct`/`uid`,
 * on a plain node:http service written apart from the other two fixtures. The clean service must
 * hold every invariant that applies, nothing inconclusive; each bug must be caught on exactly what
 * it breaks.
 *
 * Cost: one run of the 21 applicable invariants, then one run per bug (nine) of the isolation
 * invariants only (TI-1..5, DB-5, DB-6, ID-2: what any of them could break or be mistaken for),
 * two at a time: 85 s on an idle 2-core machine (with CI set) for seven bugs, about 7 s of each
 * run being Postgres, target start and provisioning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './support/cli.ts';
import { BUGS_ENV, ISOLATION, VARIANTS } from '../../fixtures/rest-service/variants.ts';
import { certifyTarget, expectCleanCoreRun, ranVerdicts, unsettled, violatedIds } from './support/target-runs.ts';

const CONFIG = path.join(ROOT, 'fixtures/rest-service/tenantproof.config.ts');
describe.concurrent('REST target', () => {
  test('the clean service holds every applicable invariant, exit 0, nothing left running', async () => {
    const run = await expectCleanCoreRun(CONFIG);
    // The directory has no read by id: TI-1 says so rather than erring.
    expect(run.summary!.invariants.find((v) => v.id === 'TI-1')?.details).toEqual({ notChecked: ['directory: no read by id or batch read'] });
  });

  test.each(VARIANTS)('$id is caught on exactly $breaks', async (bug) => {
    const run = await certifyTarget(CONFIG, ISOLATION, { [BUGS_ENV]: bug.id });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual(bug.breaks);
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
    for (const v of run.summary!.invariants.filter((i) => i.verdict === 'violated')) expect(v.counterexample?.replay).toContain(`${BUGS_ENV}=${bug.id}`);
    if (bug.id !== 'batch-authorizes-first-id') return;
    // The batch counterexample names the request that mixed the foreign id with the actor's own
    // (replaying from the file is graphql-target.test.ts's proof, not repeated here).
    const file = path.join(run.reportsDir, 'latest', 'counterexamples', 'TI-1.json');
    expect(readFileSync(file, 'utf8')).toContain('/v1/tasks:batchGet');
  });
});
