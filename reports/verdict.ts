/** The outcome vocabulary every check and report shares. */
export type VerdictKind = 'held' | 'violated' | 'inconclusive' | 'error' | 'waived' | 'skipped';

/**
 * Most telling first: a violation anywhere decides, then failures to prove, then a violation the
 * contract waived (still a finding), then held.
 */
export const VERDICT_RANK: Record<VerdictKind, number> = { violated: 0, error: 1, inconclusive: 2, waived: 3, held: 4, skipped: 5 };

/** The contract's waiver that turned a violation into `waived`. */
export interface VerdictWaiver {
  reason: string;
  /** YYYY-MM-DD: the last day the waiver holds. */
  until: string;
  match?: string;
}

/** One request/response exchange, secrets already redacted. */
export interface Exchange {
  request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown };
  response?: { status: number; headers?: Record<string, string>; excerpt: string };
  note?: string;
  /** Who sent it, when a violation's steps are not all its actor's (a sequence, a burst). */
  actor?: { tenant: string; user: string; role?: string };
  /** Where the token travelled, when not where the contract says (a forgery placed where a service might fall back to reading one). */
  tokenIn?: { in: 'header'; name: string; scheme: string } | { in: 'cookie'; name: string } | { in: 'query'; name: string };
}

/** What a check found: data, never an exception. */
export interface Violation {
  invariant: string;
  message: string;
  actor?: { tenant: string; user: string; role?: string };
  victim?: { tenant: string; user?: string; resource?: string; id?: string };
  leakedCanaries?: string[];
  steps: Exchange[];
  /** Free-form labels such as a forgery id. */
  labels?: Record<string, string>;
}

export interface Counterexample {
  seed: number;
  path: string;
  numRuns: number;
  /** The shrunk generated value, as JSON. */
  value: unknown;
  violation: Violation;
  replay: string;
  /** Found again by this regression-corpus entry, tried before the random cases (`seed` and `path` are the entry's). */
  corpusEntry?: string;
}

export interface InvariantVerdict {
  id: string;
  verdict: VerdictKind;
  cases: number;
  durationMs: number;
  reason?: string;
  /** When the first violating case was seen (before shrinking), for time-to-detection figures. */
  firstViolationAt?: string;
  counterexample?: Counterexample;
  /** Per-family or per-operation breakdowns, e.g. forgery id -> refused/accepted. */
  details?: Record<string, unknown>;
  /** Messages of further violations found after the counterexample (a waiver must cover them all). */
  alsoViolated?: string[];
  /** Set exactly when the verdict is `waived`; the counterexample stays. */
  waiver?: VerdictWaiver;
  /** Under `--explore`: the rounds it got; `cases` and `durationMs` add them all up. */
  explore?: ExploreRounds;
}

/** How an invariant fared under `--explore` (harness/explore/). */
export interface ExploreRounds {
  /** Rounds run, the first included. */
  rounds: number;
  /** The run's round number whose verdict is this one (a later round that did not hold). */
  decidedInRound?: number;
  /** Why it got no round after its first, when it was not for the time budget. */
  firstRoundOnly?: string;
}
