/**
 * `summary.md`: the verdict table and every finding in Markdown, for a pull request or a CI job
 * page; also appended to `$GITHUB_STEP_SUMMARY` when GitHub Actions sets it.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { renderFinding } from './console-summary.ts';
import { readCoverage, type Coverage } from './coverage.ts';
import { redact } from './redact.ts';
import { renderFindingChanges } from './run-diff.ts';
import { exploreLines } from './explore-lines.ts';
import { interruptedNote } from './interrupted-note.ts';
import type { Reporter } from './reporter.ts';
import type { Summary } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

const ICON: Record<string, string> = {
  held: '✅ held',
  violated: '❌ violated',
  inconclusive: '⚠️ inconclusive',
  error: '💥 error',
  waived: '🏳️ waived',
  skipped: '⏭️ skipped',
};
/** Text outside code blocks: no table breaks, and markup from the target shown, never interpreted. */
const cell = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Renders the Markdown summary of a run. */
export function renderMarkdown(summary: Summary, coverage?: Coverage): string {
  const count = (k: string) => summary.invariants.filter((v) => v.verdict === k).length;
  const lines = [
    `## tenantproof: ${cell(summary.target.name)}`,
    '',
    `Run \`${summary.runId}\`, seed \`${summary.seed}\`, profile \`${summary.profile}\`${summary.shard ? `, shard ${summary.shard}` : ''}${summary.mergedFrom ? `, merged from ${summary.mergedFrom.length} runs` : ''}: **exit ${summary.exitCode}**`,
    '',
    `held ${count('held')}, violated ${count('violated')}, inconclusive ${count('inconclusive')}, error ${count('error')}, waived ${count('waived')}, skipped ${count('skipped')}`,
    '',
  ];
  const interrupted = interruptedNote(summary);
  if (interrupted) lines.push(`> ⚠️ **partial run**: ${cell(interrupted)}`, '');
  if (summary.error) lines.push(`> **${cell(summary.error.code)}**: ${cell(summary.error.message)}`, '');
  if (summary.sincePrevious) lines.push('```text', ...renderFindingChanges(summary.sincePrevious), '```', '');
  lines.push('| id | invariant | severity | OWASP | verdict | cases |', '|---|---|---|---|---|---:|');
  for (const v of summary.invariants)
    lines.push(`| ${v.id} | ${cell(v.title)} | ${v.severity} | ${cell(v.owasp)} | ${ICON[v.verdict] ?? v.verdict} | ${v.cases} |`);
  const explore = exploreLines(summary);
  if (explore.length) lines.push('', '```text', ...explore, '```');
  if (coverage) lines.push('', ...coverageMarkdown(coverage));
  for (const v of summary.invariants.filter((i) => i.verdict !== 'held' && i.verdict !== 'skipped')) {
    lines.push('', `<details><summary>${v.id} ${v.verdict}: ${cell(v.reason ?? '')}</summary>`, '', '```text', ...renderFinding(v), '```', '', '</details>');
  }
  return redact(`${lines.join('\n')}\n`);
}

/** Probes per invariant by operation and family, then what the run never reached and why. */
function coverageMarkdown(coverage: Coverage): string[] {
  const tally = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${cell(k)} ${n}`)
      .join(', ');
  const lines = ['### Coverage', '', '| id | probes | operations | families |', '|---|---:|---|---|'];
  for (const c of coverage.invariants.filter((i) => i.probes > 0)) {
    const families: Record<string, number> = {};
    for (const counts of Object.values(c.matrix)) for (const [f, n] of Object.entries(counts)) families[f] = (families[f] ?? 0) + n;
    const operations = Object.fromEntries(Object.entries(c.matrix).map(([op, counts]) => [op, Object.values(counts).reduce((a, b) => a + b, 0)]));
    lines.push(`| ${c.id} | ${c.probes} | ${tally(operations)} | ${tally(families)} |`);
  }
  const { invariants, operations } = coverage.neverReached;
  if (invariants.length || operations.length) {
    lines.push('', 'Never reached:', '');
    for (const i of invariants) lines.push(`- ${i.id} (${i.verdict}): ${cell(i.reason)}`);
    for (const op of operations) lines.push(`- operation \`${op}\`: no probe of any invariant`);
  }
  return lines;
}

/** Writes `summary.md` and, under GitHub Actions, appends it to the job summary. */
export function markdownReporter(runDir: string, stepSummary = process.env.GITHUB_STEP_SUMMARY): Reporter {
  return {
    name: 'summary.md',
    onRunEnd(summary) {
      const text = renderMarkdown(summary, readCoverage(runDir));
      writeReportFile(path.join(runDir, 'summary.md'), text);
      if (stepSummary) appendFileSync(stepSummary, text);
    },
  };
}
