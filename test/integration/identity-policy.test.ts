/**
 * identity.policy end to end on the zoo's `exp-not-required` (tokens without `exp` accepted),
 * AUTH-3 alone (each run starts Postgres and the service for one invariant: 30-50 s on a loaded
 * 2-core machine, most of it start-up and shrinking): declared, it holds;
 * declaring a maximum age the service does not enforce is caught, naming the key.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, runCli } from './support/cli.ts';

const DIR = path.join(ROOT, 'test/integration/identity-policy');
const BUG = { TENANTPROOF_BUGS: 'exp-not-required' };
const certify = (config: string) => runCli(['certify', '--config', path.join(DIR, config), '--only', 'AUTH-3', '--seed', '7', '--profile', 'quick'], BUG);

test('a declared requireExp: false makes a token without exp the expected behaviour', async () => {
  const run = await certify('tenantproof.config.ts');
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.summary?.invariants.find((v) => v.id === 'AUTH-3')?.verdict).toBe('held');
});

test('a declared maximum age the service does not enforce is a violation naming identity.policy.maxAgeSeconds', async () => {
  const run = await certify('max-age.config.ts');
  expect(run.code, run.stdout + run.stderr).toBe(1);
  const message = run.summary?.invariants.find((v) => v.id === 'AUTH-3')?.counterexample?.violation.message;
  expect(message).toMatch(/with iat:past-max-age\+\d+s: answered 200/);
  expect(message).toContain('declare it in the contract: identity.policy.maxAgeSeconds (declared 3600');
});
