/**
 * The reporter contract: an object of optional hooks fed by one typed event stream, so every
 * artifact (summary.md, junit.xml, report.html, counterexample files) is one small writer and a
 * merged shard run feeds the same writers as a single run.
 */
import type { EvidenceLine } from './evidence-lines.ts';
import type { Summary, SummaryInvariant } from './summary.ts';

/** What every hook knows about the run being reported. */
export interface RunInfo {
  runDir: string;
  runId: string;
  seed: number;
  profile: string;
}

/** One report writer; hooks run in stream order: start, every probe, every finding, end. */
export interface Reporter {
  /** The file(s) this reporter writes, relative to the run folder (for messages and the manifest). */
  readonly name: string;
  onRunStart?(run: RunInfo): void | Promise<void>;
  /** One evidence line; called once per probe, so a reporter keeps only bounded aggregates. */
  onProbe?(probe: EvidenceLine): void | Promise<void>;
  /** An invariant that did not hold (violated, inconclusive or error). */
  onFinding?(finding: SummaryInvariant): void | Promise<void>;
  onRunEnd?(summary: Summary): void | Promise<void>;
}
