/**
 * Waivers end to end: a zoo variant that breaks only WEB-2, a contract that waives WEB-2. The run
 * checks WEB-2 alone (one invariant against one started service: seconds); the expired waiver
 * costs nothing, since it fails before Postgres or the target start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, runCli } from './support/cli.ts';
import { WAIVER } from './waivers/tenantproof.config.ts';

const DIR = path.join(ROOT, 'test/integration/waivers');
const BUG = { TENANTPROOF_BUGS: 'csp-unsafe-inline' };

test('a waived violation is reported waived with its reason and counterexample, and the run exits 0', async () => {
  const run = await runCli(['certify', '--config', path.join(DIR, 'tenantproof.config.ts'), '--only', 'WEB-2', '--seed', '7', '--profile', 'quick'], BUG);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const web2 = run.summary?.invariants.find((v) => v.id === 'WEB-2');
  expect(web2).toMatchObject({ verdict: 'waived', waiver: { reason: WAIVER.reason, until: WAIVER.until } });
  expect(web2?.counterexample?.violation.message).toContain('unsafe-inline');
  expect(run.stdout).toContain(`waiver:   ${WAIVER.reason}`);
  // The line printed as WEB-2 finished already says what the summary says.
  expect(run.stdout).toMatch(/\[tenantproof\] waived +WEB-2 .*\[1 done, 0 violated\]/);
  const latest = path.join(run.reportsDir, 'latest');
  expect(readFileSync(path.join(latest, 'junit.xml'), 'utf8')).toContain(`<skipped type="waived" message="waived until ${WAIVER.until}:`);
  expect(readFileSync(path.join(latest, 'results.sarif'), 'utf8')).toContain('"kind": "external"');
});

test('an expired waiver fails the run before anything starts, naming the waiver', async () => {
  const run = await runCli(['certify', '--config', path.join(DIR, 'expired.config.ts'), '--only', 'WEB-2'], BUG);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('WAIVER_EXPIRED: waivers[0] (WEB-2, until 2000-01-01) expired on 2000-01-01');
  expect(run.summary).toBeUndefined();
});
