/**
 * The one-screen summary printed at the end of a run: a verdict table, then every counterexample
 * with its evidence and the command that replays it.
 */
import type { Summary, SummaryInvariant } from './summary.ts';
import { redact } from './redact.ts';
import { clampLines } from './console-lines.ts';
import { renderFindingChanges } from './run-diff.ts';
import { interruptedNote } from './interrupted-note.ts';
import { exploreLines } from './explore-lines.ts';

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function renderConsoleSummary(summary: Summary): string {
  const lines: string[] = [];
  lines.push(`tenantproof ${summary.runId} seed=${summary.seed} profile=${summary.profile}`);
  const interrupted = interruptedNote(summary);
  if (interrupted) lines.push(`PARTIAL ${interrupted}`);
  if (summary.error) lines.push(`ERROR ${summary.error.code}: ${summary.error.message}`);
  if (summary.invariants.length > 0) {
    lines.push('', `${pad('id', 8)} ${pad('title', 62)} ${pad('verdict', 12)} ${'cases'.padStart(6)} ${'time'.padStart(8)}`);
    for (const v of summary.invariants) {
      lines.push(
        `${pad(v.id, 8)} ${pad(v.title, 62)} ${pad(v.verdict, 12)} ${String(v.cases).padStart(6)} ${`${(v.durationMs / 1000).toFixed(1)}s`.padStart(8)}`,
      );
    }
  }
  const explore = exploreLines(summary);
  if (explore.length) lines.push('', ...explore);
  for (const v of summary.invariants) {
    if (v.verdict === 'held' || v.verdict === 'skipped') continue;
    lines.push('', ...renderFinding(v));
  }
  if (summary.sincePrevious) lines.push('', ...renderFindingChanges(summary.sincePrevious));
  const count = (k: string) => summary.invariants.filter((v) => v.verdict === k).length;
  lines.push(
    '',
    `held ${count('held')}, violated ${count('violated')}, inconclusive ${count('inconclusive')}, error ${count('error')}, waived ${count('waived')}, skipped ${count('skipped')} -> exit ${summary.exitCode}${summary.interrupted ? ` (partial: interrupted by ${summary.interrupted.signal})` : ''}`,
  );
  return clampLines(redact(lines.join('\n')), `${summary.runId}/summary.json`);
}

const SHOWN_ALSO = 10;

/**
 * One finding as plain lines: the reason and the further distinct findings, then the
 * counterexample's actor, victim, leaked canaries, every request/response step, the shrunk value,
 * seed, path and replay command. Shared by the console, summary.md and the JUnit failure bodies so
 * all three say the same thing.
 */
export function renderFinding(v: SummaryInvariant): string[] {
  const lines = [`${v.id} ${v.verdict}: ${v.reason ?? ''}`];
  if (v.waiver) lines.push(`  waiver:   ${v.waiver.reason} (until ${v.waiver.until}${v.waiver.match ? `, matching ${v.waiver.match}` : ''})`);
  const also = v.alsoViolated ?? [];
  // Each is a distinct finding of its own; the bulk stays in summary.json, not on the screen.
  for (const message of also.slice(0, SHOWN_ALSO)) lines.push(`  also:     ${message.slice(0, 500)}`);
  if (also.length > SHOWN_ALSO) lines.push(`  also:     and ${also.length - SHOWN_ALSO} more (summary.json)`);
  const ce = v.counterexample;
  if (!ce) return lines.map(redact);
  const { violation } = ce;
  if (violation.actor)
    lines.push(`  actor:    tenant ${violation.actor.tenant} user ${violation.actor.user}${violation.actor.role ? ` (${violation.actor.role})` : ''}`);
  if (violation.victim)
    lines.push(
      `  victim:   tenant ${violation.victim.tenant}${violation.victim.user ? ` user ${violation.victim.user}` : ''}${violation.victim.resource ? ` ${violation.victim.resource}` : ''}${violation.victim.id === undefined ? '' : ` ${violation.victim.id}`}`,
    );
  if (violation.leakedCanaries?.length) lines.push(`  leaked:   ${violation.leakedCanaries.join(', ')}`);
  for (const s of violation.steps) {
    lines.push(`  request:  ${s.request.method} ${s.request.path}${s.request.body === undefined ? '' : ` ${JSON.stringify(s.request.body)}`}`);
    if (s.response) lines.push(`  response: ${s.response.status} ${s.response.excerpt.replace(/\s+/g, ' ').slice(0, 300)}`);
    if (s.note) lines.push(`  note:     ${s.note}`);
  }
  lines.push(`  shrunk:   ${JSON.stringify(ce.value)}`);
  lines.push(`  seed ${ce.seed} path ${ce.path}`);
  lines.push(`  replay:   ${ce.replay}`);
  return lines.map(redact);
}
