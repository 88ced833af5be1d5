/**
 * `report.html`: one self-contained page (inline CSS and SVG, no script, no network) a reviewer can
 * open offline: the verdict matrix per invariant, matrices per operation and per credential or
 * forgery family (from the verdicts' per-operation tallies), probe statistics from the evidence
 * stream, every counterexample with its replay and curl commands, and flood charts.
 */
import path from 'node:path';
import { renderFinding } from './console-summary.ts';
import type { EvidenceLine } from './evidence-lines.ts';
import { barChart, timelineChart } from './html-charts.ts';
import { readCoverage, type Coverage } from './coverage.ts';
import { coverageHtml } from './html-coverage.ts';
import { escapeHtml as h } from './html-escape.ts';
import { exploreLines } from './explore-lines.ts';
import { interruptedNote } from './interrupted-note.ts';
import type { Reporter } from './reporter.ts';
import type { Summary, SummaryInvariant } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

/** Per-invariant probe figures kept while the evidence streams by; bounded whatever the probe count. */
interface ProbeStats {
  probes: number;
  statuses: Map<string, number>;
  labels: Map<string, number>;
}

const MAX_KEYS = 64;
const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111;max-width:1200px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}.held,.refused{background:#dcfce7}.violated,.accepted{background:#fee2e2;font-weight:600}
.inconclusive{background:#fef9c3}.error{background:#fed7aa}.skipped{color:#6b7280}.waived{background:#e0e7ff}pre{background:#f8fafc;border:1px solid #e5e7eb;padding:.5rem;overflow:auto;white-space:pre-wrap}
.chart{display:inline-block;margin:.5rem 1rem .5rem 0}figcaption{font-size:12px;color:#555}code{background:#f3f4f6;padding:0 .2rem}`;

type Tally = Record<string, Record<string, string>>;

/** The per-operation tally (`operation -> label -> refused|accepted`) of a verdict, when it has one. */
function perOperation(v: SummaryInvariant): Tally | undefined {
  const t = v.details?.perOperation;
  if (!t || typeof t !== 'object') return undefined;
  return Object.values(t).every((row) => row && typeof row === 'object') ? (t as Tally) : undefined;
}

function count(map: Map<string, number>, key: string): void {
  if (map.has(key) || map.size < MAX_KEYS) map.set(key, (map.get(key) ?? 0) + 1);
  else map.set('(other)', (map.get('(other)') ?? 0) + 1);
}

function verdictMatrix(summary: Summary): string {
  const rows = summary.invariants.map(
    (v) =>
      `<tr data-invariant="${h(v.id)}"><td><a href="#${h(v.id)}">${h(v.id)}</a></td><td>${h(v.title)}</td><td>${h(v.severity)}</td><td>${h(v.owasp)}</td><td>${h(v.cwe)}</td><td class="${h(v.verdict)}">${h(v.verdict)}</td><td>${v.cases}</td><td>${(v.durationMs / 1000).toFixed(1)} s</td></tr>`,
  );
  return `<table id="verdict-matrix"><thead><tr><th>id</th><th>invariant</th><th>severity</th><th>OWASP API Top 10</th><th>CWE</th><th>verdict</th><th>cases</th><th>time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Operations down, invariants across: `accepted` where any bad credential or attack got through. */
function operationMatrix(summary: Summary): string {
  const tallied = summary.invariants.map((v) => [v, perOperation(v)] as const).filter((e): e is [SummaryInvariant, Tally] => Boolean(e[1]));
  if (tallied.length === 0) return '<p>No verdict carries per-operation tallies.</p>';
  const operations = [...new Set(tallied.flatMap(([, t]) => Object.keys(t)))];
  const head = tallied.map(([v]) => `<th>${h(v.id)}</th>`).join('');
  const rows = operations.map((op) => {
    const cells = tallied.map(([, t]) => {
      const row = t[op];
      if (!row) return '<td>–</td>';
      const accepted = Object.values(row).filter((s) => s === 'accepted').length;
      const total = Object.keys(row).length;
      return `<td class="${accepted ? 'accepted' : 'refused'}">${accepted ? `${accepted}/${total} accepted` : `${total} refused`}</td>`;
    });
    return `<tr><th>${h(op)}</th>${cells.join('')}</tr>`;
  });
  return `<table id="operation-matrix"><thead><tr><th>operation</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** For each tallied invariant: credential or forgery families down, operations across. */
function familyMatrices(summary: Summary): string {
  return summary.invariants
    .map((v) => {
      const t = perOperation(v);
      if (!t) return '';
      const operations = Object.keys(t);
      const families = [...new Set(operations.flatMap((op) => Object.keys(t[op]!)))].sort();
      const rows = families.map(
        (f) =>
          `<tr><th>${h(f)}</th>${operations
            .map((op) => {
              const s = t[op]![f];
              return s ? `<td class="${h(s)}">${h(s)}</td>` : '<td>–</td>';
            })
            .join('')}</tr>`,
      );
      return `<h3>${h(v.id)} ${h(v.title)}</h3><table class="family-matrix" data-invariant="${h(v.id)}"><thead><tr><th>family</th>${operations.map((op) => `<th>${h(op)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('');
}

function probeTable(stats: Map<string, ProbeStats>): string {
  if (stats.size === 0) return '<p>No evidence lines.</p>';
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${h(k)}: ${n}`)
      .join(', ');
  const rows = [...stats].map(([id, s]) => `<tr><td>${h(id)}</td><td>${s.probes}</td><td>${fmt(s.statuses)}</td><td>${fmt(s.labels)}</td></tr>`);
  return `<table id="probe-stats"><thead><tr><th>invariant</th><th>probes</th><th>response status</th><th>labels</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Timeline series about sockets rather than messages; drawn apart, since their scales differ by orders of magnitude. */
const CONNECTION_SERIES = /conn|open|refus|socket|close|ban/i;

function floodCharts(summary: Summary): string {
  const charts = summary.invariants.flatMap((v) => {
    const flood = v.details?.flood as { timeline?: unknown; latencyMs?: unknown } | undefined;
    if (!flood || typeof flood !== 'object') return [];
    const latency = flood.latencyMs && typeof flood.latencyMs === 'object' ? (flood.latencyMs as Record<string, unknown>) : undefined;
    const { samples, ...percentiles } = latency ?? {};
    return [
      Array.isArray(flood.timeline) ? timelineChart(`${v.id}: connections over time`, flood.timeline, (k) => CONNECTION_SERIES.test(k)) : '',
      Array.isArray(flood.timeline) ? timelineChart(`${v.id}: messages over time`, flood.timeline, (k) => !CONNECTION_SERIES.test(k)) : '',
      latency ? barChart(`${v.id}: latency (ms)${typeof samples === 'number' ? `, ${samples} samples` : ''}`, percentiles) : '',
    ].filter(Boolean);
  });
  return charts.length ? charts.join('\n') : '<p>No flood checks ran.</p>';
}

function findingSection(v: SummaryInvariant, curl: string[]): string {
  const other = Object.fromEntries(Object.entries(v.details ?? {}).filter(([k]) => k !== 'perOperation' && k !== 'flood'));
  return `<section id="${h(v.id)}" class="finding"><h3 class="${h(v.verdict)}">${h(v.id)} ${h(v.verdict)}</h3><p>${h(v.reason ?? '')}</p>
<pre>${h(renderFinding(v).join('\n'))}</pre>${curl.length ? `<p>curl against a running target (fill in <code>$TP_BASE_URL</code> and <code>$TP_TOKEN</code>, a token your identity provider mints with the claims shown):</p><pre>${h(curl.join('\n'))}</pre>` : ''}
${Object.keys(other).length ? `<details><summary>details</summary><pre>${h(JSON.stringify(other, null, 2))}</pre></details>` : ''}</section>`;
}

/** Renders the whole page; `curl` gives the copy-paste commands of a finding. */
export function renderHtml(summary: Summary, stats: Map<string, ProbeStats>, curl: (v: SummaryInvariant) => string[] = () => [], coverage?: Coverage): string {
  const findings = summary.invariants.filter((v) => v.verdict !== 'held' && v.verdict !== 'skipped');
  const tally = (k: string) => summary.invariants.filter((v) => v.verdict === k).length;
  const interrupted = interruptedNote(summary);
  const explore = exploreLines(summary);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>tenantproof: ${h(summary.target.name)} (${h(summary.runId)})</title><style>${CSS}</style></head>
<body><h1>tenantproof report: ${h(summary.target.name)}</h1>
<p>Run <code>${h(summary.runId)}</code>, seed <code>${summary.seed}</code>, profile <code>${h(summary.profile)}</code>${summary.shard ? `, shard ${h(summary.shard)}` : ''}${summary.mergedFrom ? `, merged from ${summary.mergedFrom.length} runs` : ''}; tenantproof ${h(summary.harness.version)}${summary.postgres ? `, PostgreSQL ${h(summary.postgres.version)} (${h(summary.postgres.kind)})` : ''}; ${h(summary.startedAt)} to ${h(summary.finishedAt)}.</p>
<p id="totals"><strong>exit ${summary.exitCode}</strong>: held ${tally('held')}, violated ${tally('violated')}, inconclusive ${tally('inconclusive')}, error ${tally('error')}, waived ${tally('waived')}, skipped ${tally('skipped')}</p>
${interrupted ? `<p id="interrupted" class="inconclusive"><strong>Partial run.</strong> ${h(interrupted)}</p>` : ''}
${summary.error ? `<p class="error">${h(summary.error.code)}: ${h(summary.error.message)}</p>` : ''}
<h2>Verdicts per invariant</h2>${verdictMatrix(summary)}
<h2>Verdicts per operation</h2>${operationMatrix(summary)}
<h2>Per credential and forgery family</h2>${familyMatrices(summary) || '<p>No verdict carries per-family tallies.</p>'}
<h2>Coverage</h2>${coverageHtml(coverage)}${explore.length ? `<pre id="explore">${h(explore.join('\n'))}</pre>` : ''}
<h2>Counterexamples and findings</h2>${findings.length ? findings.map((v) => findingSection(v, curl(v))).join('\n') : '<p>None: every invariant that ran held.</p>'}
<h2>Floods</h2>${floodCharts(summary)}
<h2>Probes</h2>${probeTable(stats)}
</body></html>
`;
}

/** Writes `report.html` at the end of the run from the probes and verdicts it was fed. */
export function htmlReporter(runDir: string, curl?: (v: SummaryInvariant) => string[]): Reporter {
  const stats = new Map<string, ProbeStats>();
  return {
    name: 'report.html',
    onProbe(probe: EvidenceLine) {
      let s = stats.get(probe.invariant);
      if (!s) {
        if (stats.size >= MAX_KEYS) return;
        s = { probes: 0, statuses: new Map(), labels: new Map() };
        stats.set(probe.invariant, s);
      }
      s.probes += 1;
      count(s.statuses, String(probe.response?.status ?? probe.outcome ?? 'none'));
      if (probe.label) count(s.labels, probe.label);
    },
    onRunEnd(summary) {
      writeReportFile(path.join(runDir, 'report.html'), renderHtml(summary, stats, curl, readCoverage(runDir)));
    },
  };
}
