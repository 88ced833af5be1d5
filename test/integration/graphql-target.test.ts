/**
 * The contract carries a target shaped nothing like the reference service: a GraphQL server that
 * answers 200 to everything and refuses in `errors[].extensions.code`, a token in a cookie with
 * `uid`/`org` claims, integer organisations, opaque member ids and global ids over integer keys.
 * The clean service must hold every invariant that applies (positive controls passing through its
 * predicates, so nothing is inconclusive); its one bug must be caught on exactly what it breaks.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { processesWithMarker, ROOT, runCli, verdicts } from './support/cli.ts';

const CONFIG = path.join(ROOT, 'fixtures/graphql-service/tenantproof.config.ts');
/** Every invariant the service's contract gives the suites something to check. */
const APPLICABLE = ['AUTH-1', 'AUTH-2', 'AUTH-3', 'AUTH-4', 'ID-1', 'ID-2', 'TI-1', 'TI-2', 'TI-3', 'TI-4', 'TI-5', 'UI-1', 'DB-1', 'DB-2', 'DB-3', 'DB-4', 'DB-5', 'DB-6', 'DB-7', 'MIG-1', 'MIG-2'];
/**
 * The document(id) resolver reads through a SECURITY DEFINER lookup: a foreign read by id (TI-1),
 * and a definer function the application role can call with any org's ids (DB-5).
 */
const BUG = { id: 'document-without-tenant-check', breaks: ['DB-5', 'TI-1'] };

const certify = (env: Record<string, string> = {}) => runCli(['certify', '--config', CONFIG, '--seed', '3', '--profile', 'quick', '--only', APPLICABLE.join(',')], env);
/** Verdicts of the invariants that ran (the summary lists the unselected ones as skipped). */
const ran = (run: Awaited<ReturnType<typeof certify>>) => Object.fromEntries(Object.entries(verdicts(run.summary)).filter(([, v]) => v !== 'skipped'));

describe.concurrent('GraphQL target', () => {
  test('the clean service holds every applicable invariant, exit 0, nothing left running', async () => {
    const run = await certify();
    const byId = ran(run);
    expect(Object.keys(byId).sort(), run.stderr).toEqual([...APPLICABLE].sort());
    expect(Object.entries(byId).filter(([, v]) => v !== 'held'), run.stdout).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(processesWithMarker(run.marker)).toEqual([]);
  });

  test(`${BUG.id} is caught on exactly ${BUG.breaks.join(' and ')}, with a replay naming the variant`, async () => {
    const run = await certify({ TENANTPROOF_GRAPHQL_BUGS: BUG.id });
    const byId = ran(run);
    expect(Object.entries(byId).filter(([, v]) => v === 'violated').map(([id]) => id).sort(), run.stdout).toEqual(BUG.breaks);
    expect(Object.entries(byId).filter(([, v]) => v !== 'held' && v !== 'violated'), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
    const ti1 = run.summary!.invariants.find((v) => v.id === 'TI-1')!;
    expect(ti1.counterexample?.violation.leakedCanaries?.length, ti1.reason).toBeGreaterThan(0);
    expect(ti1.counterexample?.replay).toContain(`TENANTPROOF_GRAPHQL_BUGS=${BUG.id}`);
  });
});
