/**
 * Feeds a finished run's event stream (start, every probe from evidence.ndjson, every finding, end)
 * to the reporters, then seals the folder with manifest.json. Used by a single run and by `merge`,
 * so both produce the same artifacts from the same code.
 */
import path from 'node:path';
import { coverageReporter } from './coverage.ts';
import { evidenceLines } from './evidence-lines.ts';
import { htmlReporter } from './html-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { writeManifest, type ManifestMetadata } from './manifest.ts';
import { markdownReporter } from './markdown-reporter.ts';
import { sarifReporter } from './sarif-reporter.ts';
import type { Reporter } from './reporter.ts';
import { writeSummary, type Summary, type SummaryInvariant } from './summary.ts';

export interface PublishOptions {
  /** Reporters beyond the standard ones (coverage.json, summary.md, junit.xml, results.sarif, report.html). */
  extra?: Reporter[];
  /** Copy-paste curl commands of a finding, shown in report.html. */
  curl?: (v: SummaryInvariant) => string[];
  manifest: ManifestMetadata;
  /** The contract's operations (`resource.operation`), so coverage.json can name those no probe touched. */
  declaredOperations?: readonly string[];
  /**
   * The signal that interrupted the writing, once one has: no further probe is fed to the
   * reporters (a long evidence stream must not hold a signalled run past its 10 s), and the
   * summary and manifest say interrupted. The verdicts are whole either way.
   */
  interrupted?: () => string | undefined;
}

/** The reporters every run folder gets; coverage.json first, since summary.md and report.html show it. */
export function standardReporters(runDir: string, curl?: (v: SummaryInvariant) => string[], declaredOperations?: readonly string[]): Reporter[] {
  return [coverageReporter(runDir, declaredOperations), markdownReporter(runDir), junitReporter(runDir), sarifReporter(runDir), htmlReporter(runDir, curl)];
}

/** Writes summary.json and every report of `runDir`, then manifest.json over all of them; returns the summary as written. */
export async function publishReports(runDir: string, summary: Summary, options: PublishOptions): Promise<Summary> {
  const reporters = [...(options.extra ?? []), ...standardReporters(runDir, options.curl, options.declaredOperations)];
  writeSummary(runDir, summary);
  const run = { runDir, runId: summary.runId, seed: summary.seed, profile: summary.profile };
  for (const r of reporters) await r.onRunStart?.(run);
  if (reporters.some((r) => r.onProbe)) {
    for await (const probe of evidenceLines(path.join(runDir, 'evidence.ndjson'))) {
      if (options.interrupted?.()) break;
      for (const r of reporters) await r.onProbe?.(probe);
    }
  }
  for (const finding of summary.invariants.filter((v) => v.verdict !== 'held' && v.verdict !== 'skipped')) {
    for (const r of reporters) await r.onFinding?.(finding);
  }
  let ended = markInterrupted(runDir, summary, options.interrupted?.());
  for (const r of reporters) await r.onRunEnd?.(ended);
  ended = markInterrupted(runDir, ended, options.interrupted?.());
  writeManifest(runDir, { ...options.manifest, ...(ended.interrupted ? { interrupted: ended.interrupted } : {}) });
  return ended;
}

/** `summary`, rewritten to say `signal` interrupted it when that is news. */
function markInterrupted(runDir: string, summary: Summary, signal: string | undefined): Summary {
  if (!signal || summary.interrupted) return summary;
  const marked = { ...summary, interrupted: { signal } };
  writeSummary(runDir, marked);
  return marked;
}
