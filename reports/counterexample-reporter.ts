/**
 * `counterexamples/<ID>.json`: every counterexample saved as a self-contained replay file that
 * `tenantproof replay <file>` runs from a fresh environment (contract, seed, profile, fast-check
 * path and the selecting environment of the run: TENANTPROOF_* and target.replayEnv), with curl commands for a running target.
 */
import path from 'node:path';
import type { Counterexample } from './verdict.ts';
import { curlCommands, type CurlIdentity } from './curl-commands.ts';
import type { Reporter } from './reporter.ts';
import type { SummaryInvariant } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

export const COUNTEREXAMPLE_FORMAT = 'tenantproof-counterexample';

/** The replay file: everything needed to reproduce one shrunk counterexample. */
export interface CounterexampleFile {
  format: typeof COUNTEREXAMPLE_FORMAT;
  version: 1;
  invariant: string;
  title: string;
  runId: string;
  configPath: string;
  seed: number;
  profile: string;
  path: string;
  /** The selecting variables of the original run (TENANTPROOF_* and target.replayEnv), set again for the replay. */
  environment: Record<string, string>;
  reason?: string;
  counterexample: Counterexample;
  curl: string[];
}

export interface CounterexampleContext {
  runDir: string;
  runId: string;
  profile: string;
  configPath: string;
  environment: Record<string, string>;
  identity: Pick<CurlIdentity, 'transport' | 'claims'>;
}

/** The folder (relative to the run folder) replay files go to. */
export const COUNTEREXAMPLES_DIR = 'counterexamples';

/** Writes one replay file per violated invariant as findings stream by. */
export function counterexampleReporter(run: CounterexampleContext): Reporter {
  return {
    name: `${COUNTEREXAMPLES_DIR}/`,
    onFinding(v: SummaryInvariant) {
      const ce = v.counterexample;
      if (v.verdict !== 'violated' || !ce) return;
      const file: CounterexampleFile = {
        format: COUNTEREXAMPLE_FORMAT,
        version: 1,
        invariant: v.id,
        title: v.title,
        runId: run.runId,
        configPath: run.configPath,
        seed: ce.seed,
        profile: run.profile,
        path: ce.path,
        environment: run.environment,
        reason: v.reason,
        counterexample: ce,
        curl: curlCommands(ce.violation, run.identity),
      };
      writeReportFile(path.join(run.runDir, COUNTEREXAMPLES_DIR, `${v.id}.json`), `${JSON.stringify(file, null, 2)}\n`);
    },
  };
}
