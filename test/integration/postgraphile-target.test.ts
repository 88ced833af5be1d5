/**
 * A real third-party server: PostGraphile v4 from npm serves the GraphQL API straight from the
 * database schema, logging in as `authenticator` and switching per request to the token's Postgres
 * role, with roles made by the service's own migrations, a tenant registry table, a partitioned
 * table whose partitions are collections of their own, a security_invoker view and a search
 * function. The clean service must hold every invariant that applies, nothing inconclusive, with
 * the raw-SQL probes running as its sessions do (`appRole.requestRole`); each bug must be caught
 * on exactly what it breaks.
 *
 * Cost: one run of the 21 applicable invariants (24-48 s), then one run per bug (seven) of the
 * isolation invariants only (TI-1..5, UI-1, DB-1..6; 10-30 s each), two at a time: 65-110 s in all
 * on the 2-core machine, the longer figure with another certify run beside it.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './support/cli.ts';
import { certifyTarget, expectCleanCoreRun, ranVerdicts, unsettled, violatedIds } from './support/target-runs.ts';
import { BUGS_ENV, ISOLATION, VARIANTS } from '../../fixtures/postgraphile-service/variants.ts';

const CONFIG = path.join(ROOT, 'fixtures/postgraphile-service/tenantproof.config.ts');

describe.concurrent('PostGraphile target', () => {
  test('the clean service holds every applicable invariant, exit 0, nothing left running', async () => {
    const run = await expectCleanCoreRun(CONFIG);
    // DB-5 audited the login role and the role it switches to.
    expect(run.summary!.invariants.find((v) => v.id === 'DB-5')?.details).toMatchObject({ appRole: 'authenticator, company_clerk' });
    // DB-7 judged the server's own statements, logged under the login role it switches from.
    const db7 = run.summary!.invariants.find((v) => v.id === 'DB-7')?.details as { sessions: { target: { tenantStatements: number } } };
    expect(db7.sessions.target.tenantStatements).toBeGreaterThan(0);
  });

  test.each(VARIANTS)('$id is caught on exactly $breaks', async (bug) => {
    const run = await certifyTarget(CONFIG, ISOLATION, { [BUGS_ENV]: bug.id });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual([...bug.breaks].sort());
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
    for (const v of run.summary!.invariants.filter((i) => i.verdict === 'violated')) expect(v.counterexample?.replay).toContain(`${BUGS_ENV}=${bug.id}`);
  });
});
