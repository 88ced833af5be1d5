/**
 * `--explore` on the reference service: the clean service gets further rounds until the budget and
 * stays exit 0; with the `privileged-read` bug TI-1 is violated, its rounds stop, and the
 * counterexample replays from a fresh start.
 *
 * Cost: the clean run (a 6 s budget from its first invariant, so a loaded machine still has time
 * for rounds after the first) beside a bug run and then its replay, and a usage error that starts
 * nothing: two runs deep, 21 s measured at load 2 (the 3 s budget it had took 16 s idle, and ran
 * out before any further round once at load 11).
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { REFERENCE_CONFIG, runCli } from './support/cli.ts';

const certify = (only: string, env: Record<string, string> = {}, budget = ['--time-budget', '6s']) =>
  runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', '5', '--profile', 'quick', '--explore', ...budget, '--only', only], env);

test('explore spends the budget in further rounds, and a finding it reports replays', async () => {
  const findAndReplay = async () => {
    const found = await certify('TI-1', { TENANTPROOF_BUGS: 'privileged-read' });
    const file = path.join(found.reportsDir, found.summary!.runId, 'counterexamples', 'TI-1.json');
    return { found, replay: await runCli(['replay', file]) };
  };
  const [clean, { found, replay }, unbudgeted] = await Promise.all([certify('TI-1,TI-3'), findAndReplay(), certify('TI-1', {}, [])]);

  // The quick profile has no budget: explore refuses before anything starts.
  expect(unbudgeted.stderr).toContain('--explore runs until the time budget: give --time-budget or profiles.quick.timeBudgetSeconds');
  expect(unbudgeted.stdout).not.toContain('certifying');
  expect(unbudgeted.code).toBe(2);

  expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  const explored = clean.summary!.invariants.filter((v) => v.id === 'TI-1' || v.id === 'TI-3');
  expect(explored.map((v) => v.verdict)).toEqual(['held', 'held']);
  const rounds = explored.map((v) => v.explore?.rounds ?? 0);
  expect(Math.min(...rounds), clean.stdout).toBeGreaterThanOrEqual(1);
  expect(rounds[0]! + rounds[1]!, clean.stdout).toBeGreaterThan(2);
  // Every round runs the quick profile's 10 random cases; TI-1's first round also its 6 targeted
  // ones (every ordered pair of the 3 tenants), which later rounds leave out. TI-3 has none.
  const targeted: Record<string, number> = { 'TI-1': 6, 'TI-3': 0 };
  for (const v of explored) expect(v.cases).toBe(10 * v.explore!.rounds + targeted[v.id]!);
  expect(clean.stdout).toMatch(/explore: \d+ rounds? after the first/);

  const ti1 = found.summary!.invariants.find((v) => v.id === 'TI-1')!;
  expect(ti1.verdict, found.stdout).toBe('violated');
  expect(found.code).toBe(1);
  // A finding stops spending on its invariant: found in the first round (seed 5), it gets no other.
  expect(ti1.explore).toEqual({ rounds: 1, firstRoundOnly: 'violated' });
  expect(replay.stdout, replay.stderr).toContain('replay: TI-1 violated again');
  expect(replay.code).toBe(1);
});
