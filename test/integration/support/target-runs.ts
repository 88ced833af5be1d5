/**
 * What the tests of the independently written targets share: the invariants any HTTP service over
 * Postgres RLS with migrations gets checked on, one certify run of a chosen set, and the reading of
 * its verdicts.
 */
import { expect } from 'vitest';
import { processesLeftBehind, runCli, verdicts, type CliRun } from './cli.ts';
import { INVARIANTS } from '../../../suites/index.ts';

/** Sections whose declaration does not depend on the target's shape (realtime, limits, owners, audit and browsers do). */
const CORE_FAMILIES = new Set(['AUTH', 'ID', 'TI', 'UI', 'DB', 'MIG']);
/** Need a baseline or rollback files, which only some targets ship. */
const NEEDS_EXTRA_FILES = new Set(['MIG-3', 'MIG-4']);

/** The invariants a target declaring HTTP, a database and migrations (and no realtime) is checked on. */
export const CORE_INVARIANTS: readonly string[] = INVARIANTS.filter(
  (d) => CORE_FAMILIES.has(d.id.split('-')[0]!) && !NEEDS_EXTRA_FILES.has(d.id) && !(d.requires ?? []).includes('realtime'),
).map((d) => d.id);

/** A quick-profile certify of `only`, seed 3 unless given, with the target's environment. */
export function certifyTarget(config: string, only: readonly string[], env: Record<string, string> = {}, seed = 3): Promise<CliRun> {
  return runCli(['certify', '--config', config, '--seed', String(seed), '--profile', 'quick', '--only', only.join(',')], env);
}

/** Verdicts of the invariants that ran (the summary lists the unselected ones as skipped). */
export function ranVerdicts(run: CliRun): Record<string, string> {
  return Object.fromEntries(Object.entries(verdicts(run.summary)).filter(([, v]) => v !== 'skipped'));
}

/** The ids reported violated, sorted. */
export function violatedIds(byId: Record<string, string>): string[] {
  return Object.entries(byId)
    .filter(([, v]) => v === 'violated')
    .map(([id]) => id)
    .sort();
}

/** Verdicts that are neither held nor violated: what a run must never hide behind. */
export function unsettled(byId: Record<string, string>): [string, string][] {
  return Object.entries(byId).filter(([, v]) => v !== 'held' && v !== 'violated');
}

/** Certifies the clean service on CORE_INVARIANTS and expects each to have run and held, exit 0, nothing left running. */
export async function expectCleanCoreRun(config: string): Promise<CliRun> {
  const run = await certifyTarget(config, CORE_INVARIANTS);
  const byId = ranVerdicts(run);
  expect(Object.keys(byId).sort(), run.stderr).toEqual([...CORE_INVARIANTS].sort());
  expect(
    Object.entries(byId).filter(([, v]) => v !== 'held'),
    run.stdout,
  ).toEqual([]);
  expect(run.code, run.stderr).toBe(0);
  expect(await processesLeftBehind(run.marker)).toEqual([]);
  return run;
}
