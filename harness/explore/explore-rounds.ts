/**
 * `--explore`: once every selected invariant has had its first round, further rounds until the
 * time budget, each on the invariant whose coverage is thinnest (next-round.ts), each with a seed
 * derived from the run seed and the round number. A round is the invariant's whole check run again
 * under that seed, so its counterexample replays as the first round of a run with the round seed.
 */
import path from 'node:path';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { CoverageTally } from '../../reports/coverage.ts';
import { roundSeed } from '../checks/seed.ts';
import { drewSeededCases } from '../checks/seeded-properties.ts';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';
import { runInvariant } from '../invariants/run-invariant.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import { EvidenceTail } from './evidence-tail.ts';
import { exploresFurther, mergeRound } from './merge-round.ts';
import { nextRound } from './next-round.ts';

export interface ExploreOptions {
  /** The run's selected definitions, in catalogue order. */
  definitions: readonly InvariantDefinition[];
  /** Each invariant's verdict from its first round; one without is not explored. */
  firstRounds: ReadonlyMap<string, InvariantVerdict>;
  runSeed: number;
  runDir: string;
  /** Epoch ms: no round starts that would not end before it (judged by the invariant's slowest round so far). */
  until: number;
  /** Aborted when the run is cancelled: a round still running then is dropped, the verdict before it stands. */
  signal: AbortSignal;
  /** The suite context of a module, opened without the definitions' `prepare` (their first round had it). */
  contextFor(source: string): Promise<SuiteContext>;
  record(verdict: InvariantVerdict): void;
}

/** Why an invariant gets no round after its first, or undefined when it may. */
function firstRoundOnly(definition: InvariantDefinition, first: InvariantVerdict): string | undefined {
  if (definition.explore === false) return 'explore: false in its definition';
  if (!drewSeededCases(definition.id)) return 'not a seeded property';
  if (!exploresFurther(first)) return first.verdict;
  return undefined;
}

/** Runs the further rounds; returns how many ran. Every first-round verdict is recorded again with its `explore` rounds, and again after each round. */
export async function exploreRounds(o: ExploreOptions): Promise<number> {
  const tally = new CoverageTally();
  const tail = new EvidenceTail(path.join(o.runDir, 'evidence.ndjson'), (line) => tally.add(line));
  const state = new Map<string, { definition: InvariantDefinition; verdict: InvariantVerdict; rounds: number; slowestMs: number }>();
  for (const definition of o.definitions) {
    const first = o.firstRounds.get(definition.id);
    if (!first) continue;
    const reason = firstRoundOnly(definition, first);
    // Recorded before any round, so a run cut short still says what explore gave each invariant.
    const verdict: InvariantVerdict = { ...first, explore: reason ? { rounds: 1, firstRoundOnly: reason } : { rounds: 1 } };
    o.record(verdict);
    if (!reason) state.set(definition.id, { definition, verdict, rounds: 1, slowestMs: first.durationMs });
  }
  let round = 0;
  while (!o.signal.aborted) {
    tail.read();
    const fits = [...state.values()].filter((s) => exploresFurther(s.verdict) && Date.now() + s.slowestMs < o.until);
    const next = nextRound(fits.map((s) => ({ id: s.definition.id, rounds: s.rounds, matrix: tally.matrixOf(s.definition.id) })));
    if (!next) break;
    const s = state.get(next.id)!;
    round += 1;
    const ctx = await o.contextFor(s.definition.source);
    const seed = roundSeed(o.runSeed, round);
    const verdict = await runInvariant(s.definition, { ...ctx, handle: { ...ctx.handle, seed, round, corpusDir: undefined } });
    ctx.evidence.flush();
    if (o.signal.aborted) break;
    s.verdict = mergeRound(s.verdict, verdict, round);
    s.rounds += 1;
    s.slowestMs = Math.max(s.slowestMs, verdict.durationMs);
    o.record(s.verdict);
  }
  return round;
}
