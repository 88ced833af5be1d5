/**
 * `summary.json`: the versioned, machine-readable outcome of one run. Bump SUMMARY_SCHEMA_VERSION
 * on any incompatible change; consumers (CI, `merge`, `verify`) check it.
 */
import path from 'node:path';
import type { InvariantVerdict } from './verdict.ts';
import { writeReportFile } from './write-report-file.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

export interface SummaryInvariant extends InvariantVerdict {
  title: string;
  severity: string;
  owasp: string;
  cwe: string;
}

export interface Summary {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  runId: string;
  seed: number;
  profile: string;
  startedAt: string;
  finishedAt: string;
  harness: { name: 'tenantproof'; version: string };
  postgres?: { kind: string; version: string };
  target: { name: string; command?: string[]; url?: string };
  config: string;
  /** `i/n` when this run is one shard of a larger run. */
  shard?: string;
  /** The run folders a merged summary was built from (`tenantproof merge`). */
  mergedFrom?: string[];
  exitCode: 0 | 1 | 2;
  /** The run was stopped by this signal: what it recorded until then is here, the rest is `error`. */
  interrupted?: { signal: string };
  error?: { code: string; message: string };
  /** What changed since the previous run of the same contract in the same runs folder. */
  sincePrevious?: FindingChanges;
  invariants: SummaryInvariant[];
}

/** One violated finding, identified across runs by its fingerprint (reports/finding-fingerprint.ts). */
export interface Finding {
  invariant: string;
  fingerprint: string;
  /** The message as the run reported it. */
  message: string;
}

/** Findings of a run compared with an earlier one's (reports/run-diff.ts). */
export interface FindingChanges {
  runId: string;
  new: Finding[];
  fixed: Finding[];
  stillFailing: Finding[];
  /** Gone, but the later run did not settle their invariant: not counted as fixed. */
  notRechecked: Finding[];
}

/** What the bundle records of an invariant's definition, so renderers need nothing else. */
export interface InvariantMetadata {
  title: string;
  severity: string;
  owasp: string;
  cwe: string;
}

/** Adds the invariant's catalogue metadata to its verdict. */
export function describeVerdict(v: InvariantVerdict, meta: InvariantMetadata): SummaryInvariant {
  return { ...v, title: meta.title, severity: meta.severity, owasp: meta.owasp, cwe: meta.cwe };
}

/** Writes `summary.json` atomically (temp file + rename), redacted. */
export function writeSummary(runDir: string, summary: Summary): string {
  return writeReportFile(path.join(runDir, 'summary.json'), JSON.stringify(summary, null, 2));
}
