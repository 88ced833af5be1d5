/**
 * Runs one invariant as a fast-check property with a positive control, and turns the outcome into
 * a verdict: `violated` carries the shrunk counterexample, a failed control makes the verdict
 * `inconclusive` (a target that refuses everything must not pass), a harness failure is `error`.
 * A case the machine could not produce as the property needs it (a burst that could not be sent
 * within the declared window) proves nothing either way: the probe throws `Unprovable` with the
 * measured figure, and an invariant with no proven case is `inconclusive` with it.
 * fast-check stops at the first failure, so after it further passes over the same cases look for
 * findings not yet seen (by fingerprint), up to the profile's `findings`: a service with two bugs
 * under one invariant shows both.
 */
import fc from 'fast-check';
import type { ResolvedConfig } from '../config/schema.ts';
import { invariantSeed } from './seed.ts';
import { corpusEntries } from './regression-corpus.ts';
import { noteSeededProperty } from './seeded-properties.ts';
import type { Counterexample, InvariantVerdict, Violation } from '../../reports/verdict.ts';
import { fingerprintOf } from '../../reports/finding-fingerprint.ts';

/**
 * What a check reads of the suite context (a `SuiteContext` is one): the run's seed and profile,
 * the contract's runs per profile, and what a replay command is built from.
 */
export interface CheckContext {
  /**
   * `round`: an `--explore` round after the first, whose `seed` is the round's (harness/checks/seed.ts
   * `roundSeed`); its replay command carries that seed.
   */
  handle: { seed: number; profile: string; replayBase: string; replayPath?: string; corpusDir?: string; round?: number };
  config: Pick<ResolvedConfig, 'profiles'>;
}

/** Thrown by a probe whose case could not be produced as needed; its message carries the measured figure. */
export class Unprovable extends Error {
  override readonly name = 'Unprovable';
}

export interface PropertySpec<T> {
  invariant: string;
  arbitrary: fc.Arbitrary<T>;
  /**
   * The same probe as the rightful actor; returns why it failed, or undefined when it succeeded.
   * A control whose own answer already breaks the invariant (the owner's list showing another
   * tenant's rows) returns that Violation: the case fails, it is not merely inconclusive.
   */
  control: (value: T) => Promise<string | Violation | undefined>;
  /** The attack; returns a violation, or undefined when the invariant held for this value. */
  probe: (value: T) => Promise<Violation | undefined>;
  numRuns?: number;
  /**
   * Values always tried before the random ones (fast-check `examples`): the whole of a small,
   * finite space, so a bug on one rare combination is not left to chance.
   */
  examples?: T[];
  /** Extra figures for the report (per-family tallies and the like), read after the run. */
  details?: () => Record<string, unknown>;
}

export async function checkProperty<T>(ctx: CheckContext, spec: PropertySpec<T>): Promise<InvariantVerdict> {
  const started = Date.now();
  noteSeededProperty(spec.invariant);
  const seed = invariantSeed(ctx.handle.seed, spec.invariant);
  const profile = ctx.config.profiles[ctx.handle.profile as 'ci'];
  const numRuns = spec.numRuns ?? profile.numRuns;
  /** Findings already reported: a case breaking the invariant only in one of these ways passes a further pass. */
  const known = new Set<string>();
  const fingerprint = (v: Violation) => fingerprintOf(spec.invariant, v.message, v.victim?.resource, v.labels);
  const seen = (v: Violation) => known.has(fingerprint(v));
  let cases = 0;
  let controlsPassed = 0;
  let controlFailure: string | undefined;
  let unprovable: string | undefined;
  let firstViolationAt: string | undefined;
  let lastFailure: { kind: 'violation'; violation: Violation } | { kind: 'error'; error: unknown } | undefined;

  /** One case: false when it breaks the invariant (the violation is in `lastFailure`). */
  const runCase = async (value: T): Promise<boolean> => {
    cases += 1;
    try {
      const reason = await spec.control(value);
      if (typeof reason === 'object') {
        if (seen(reason)) return true;
        lastFailure = { kind: 'violation', violation: reason };
        firstViolationAt ??= new Date().toISOString();
        return false;
      }
      if (reason !== undefined) {
        controlFailure ??= reason;
        return true;
      }
      let violation: Violation | undefined;
      try {
        violation = await spec.probe(value);
      } catch (error) {
        if (!(error instanceof Unprovable)) throw error;
        unprovable ??= error.message;
        return true;
      }
      controlsPassed += 1;
      if (violation && seen(violation)) return true;
      if (violation) {
        lastFailure = { kind: 'violation', violation };
        firstViolationAt ??= new Date().toISOString();
      }
      return violation === undefined;
    } catch (error) {
      lastFailure = { kind: 'error', error };
      throw error;
    }
  };
  // A function, not a read: TypeScript does not see runCase assign `lastFailure` inside fast-check.
  const latestViolation = () => (lastFailure?.kind === 'violation' ? lastFailure.violation : undefined);
  const replayPath = ctx.handle.replayPath;
  const base = () => ({ id: spec.invariant, cases, durationMs: Date.now() - started, details: spec.details?.() });
  /** The verdict of the case fast-check shrank to: `found` is where it came from and how it replays. */
  const violated = (violation: Violation, value: unknown, found: Omit<Counterexample, 'value' | 'violation'>): InvariantVerdict => ({
    ...base(),
    verdict: 'violated',
    reason: violation.message,
    firstViolationAt,
    counterexample: { ...found, value, violation },
  });
  const property = fc.asyncProperty(spec.arbitrary, runCase);
  // Examples stay on replay: fast-check counts them in the path, so dropping them replays another value.
  // A later explore round leaves them out (its first round tried them all) and shifts the paths it
  // reports by their count, so the replay, which tries them first, reaches the same case.
  const laterRound = (ctx.handle.round ?? 0) > 0;
  const examples = laterRound ? [] : (spec.examples ?? []).map((e) => [e] as [T]);
  const reported = (p: string) => (laterRound ? shiftPath(p, spec.examples?.length ?? 0) : p);
  /** The first finding's verdict, with the distinct findings further passes over the run's own cases turn up (none on a replay). */
  const withFurtherFindings = async (first: Violation, value: unknown, found: Omit<Counterexample, 'value' | 'violation'>): Promise<InvariantVerdict> => {
    const verdict = violated(first, value, found);
    if (replayPath) return verdict;
    known.add(fingerprint(first));
    const also: string[] = [];
    while (known.size < (profile.findings ?? 1)) {
      lastFailure = undefined;
      const more = await fc.check(property, { seed, numRuns: numRuns + examples.length, examples, endOnFailure: true });
      const further = latestViolation();
      if (!more.failed || !further) break;
      known.add(fingerprint(further));
      also.push(further.message);
    }
    return also.length ? { ...verdict, ...base(), alsoViolated: also } : verdict;
  };
  // The corpus first (not on a replay, which follows its own path): a known bug is found again in its first cases.
  for (const entry of replayPath || laterRound || !ctx.handle.corpusDir ? [] : corpusEntries(ctx.handle.corpusDir, spec.invariant)) {
    // A case that errs here or whose control fails proves nothing and taints nothing.
    const untainted = { controlFailure, unprovable };
    // One run from the path is the entry's case (its value does not depend on numRuns): more would
    // go on past it, a whole extra run per entry on every run once the bug is fixed.
    const again = await fc.check(property, { seed: invariantSeed(entry.seed, spec.invariant), path: entry.path, numRuns: 1, examples });
    ({ controlFailure, unprovable } = untainted);
    if (!again.failed || lastFailure?.kind !== 'violation') continue;
    const path = again.counterexamplePath ?? entry.path;
    return withFurtherFindings(lastFailure.violation, again.counterexample?.[0], {
      seed: entry.seed,
      path,
      numRuns: entry.numRuns,
      // The entry's run seed comes last, so it is the one the CLI takes.
      replay: `${ctx.handle.replayBase} --seed ${entry.seed} --only ${spec.invariant} --replay-path ${path}`,
      corpusEntry: entry.file,
    });
  }
  // A replay is the one recorded case: run on past it, it could report another case's finding as this one's.
  const result = await fc.check(property, { seed, examples, ...(replayPath ? { path: replayPath, numRuns: 1 } : { numRuns: numRuns + examples.length }) });

  if (result.failed && lastFailure?.kind === 'violation') {
    const path = reported(result.counterexamplePath ?? '');
    return withFurtherFindings(lastFailure.violation, result.counterexample?.[0], {
      seed: ctx.handle.seed,
      path,
      numRuns,
      replay: replayCommand(ctx, spec.invariant, path),
    });
  }
  if (result.failed) {
    const error = lastFailure?.kind === 'error' ? lastFailure.error : result.errorInstance;
    return { ...base(), verdict: 'error', reason: `the probe could not run: ${(error as Error)?.message ?? String(error)}` };
  }
  if (controlFailure !== undefined) return { ...base(), verdict: 'inconclusive', reason: `positive control failed: ${controlFailure}` };
  if (controlsPassed === 0)
    return {
      ...base(),
      verdict: 'inconclusive',
      reason: unprovable ? `no case could be produced on this machine: ${unprovable}` : 'positive control failed: no case ran',
    };
  return { ...base(), verdict: 'held' };
}

/** The exact command that replays one invariant's shrunk counterexample; a later explore round's seed comes last, so it is the one the CLI takes. */
export function replayCommand(ctx: CheckContext, invariant: string, path: string): string {
  const seed = (ctx.handle.round ?? 0) > 0 ? ` --seed ${ctx.handle.seed}` : '';
  return `${ctx.handle.replayBase}${seed} --only ${invariant} --replay-path ${path}`;
}

/** A fast-check path with its first run index moved by `by` (the examples a run left out). */
export function shiftPath(path: string, by: number): string {
  return by === 0 ? path : path.replace(/^\d+/, (n) => String(Number(n) + by));
}
