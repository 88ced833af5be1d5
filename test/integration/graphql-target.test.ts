/**
 * The contract carries a target shaped nothing like the reference service: a GraphQL server that
 * answers 200 to everything and refuses in `errors[].extensions.code`, a token in a cookie with
 * `uid`/`org` claims, integer organisations, opaque member ids and global ids over integer keys.
 * The clean service must hold every invariant that applies (positive controls passing through its
 * predicates, so nothing is inconclusive); each of its bugs must be caught on exactly what it breaks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runCli } from './support/cli.ts';
import { BUGS_ENV, VARIANTS } from '../../fixtures/graphql-service/variants.ts';
import { CORE_INVARIANTS, certifyTarget, expectCleanCoreRun, ranVerdicts, unsettled, violatedIds } from './support/target-runs.ts';

const CONFIG = path.join(ROOT, 'fixtures/graphql-service/tenantproof.config.ts');
describe.concurrent('GraphQL target', () => {
  test('the clean service holds every applicable invariant, exit 0, nothing left running', () => expectCleanCoreRun(CONFIG));

  test.each(VARIANTS)('$id is caught on exactly $breaks, with leaked canaries and a replay naming it', async (bug) => {
    const run = await certifyTarget(CONFIG, 'certifies' in bug ? bug.certifies : CORE_INVARIANTS, { [BUGS_ENV]: bug.id });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual(bug.breaks);
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
    const violated = run.summary!.invariants.filter((v) => v.verdict === 'violated');
    expect(
      violated.some((v) => (v.counterexample?.violation.leakedCanaries?.length ?? 0) > 0),
      run.stdout,
    ).toBe(true);
    for (const v of violated) expect(v.counterexample?.replay).toContain(`${BUGS_ENV}=${bug.id}`);
    if (!bug.replay) return;
    // The counterexample file carries the token's placement and the bug; a replay without the variable reproduces it.
    const file = path.join(run.reportsDir, 'latest', 'counterexamples', `${bug.replay}.json`);
    const placement = 'replayCurl' in bug ? bug.replayCurl : '--cookie "sid=$TP_TOKEN"';
    expect((JSON.parse(readFileSync(file, 'utf8')) as { curl: string[] }).curl.join('\n')).toContain(placement);
    const replay = await runCli(['replay', file]);
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    expect(replay.stdout).toContain(`replay: ${bug.replay} violated again, same shrunk value`);
  });
});
