import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_CONSOLE_LINE } from './console-lines.ts';
import { renderConsoleSummary } from './console-summary.ts';
import { curlCommands } from './curl-commands.ts';
import { htmlReporter, renderHtml } from './html-reporter.ts';
import { renderJunit } from './junit-reporter.ts';
import { renderSarif } from './sarif-reporter.ts';
import { markdownReporter, renderMarkdown } from './markdown-reporter.ts';
import { verifyManifest, type ManifestMetadata } from './manifest.ts';
import type { Summary } from './summary.ts';
import { publishReports } from './publish-reports.ts';
import type { Reporter } from './reporter.ts';
import { sampleSummary } from './test-support/sample-summary.ts';
import { tempDirs } from './test-support/temp-dirs.ts';

const tmp = tempDirs('tp-writers-');
const manifestOf = (summary: Summary): ManifestMetadata => ({
  harness: summary.harness,
  runId: summary.runId,
  seed: 7,
  profile: 'quick',
  target: { name: 'x' },
  config: { path: '/c.ts' },
});

describe('junit.xml', () => {
  test('one test case per invariant; the violation is a failure carrying its counterexample', () => {
    const xml = renderJunit(sampleSummary());
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testsuites name="tenantproof" tests="4" failures="1" errors="1" skipped="1"');
    const failure = /<failure type="violated" message="([^"]*)">([\s\S]*?)<\/failure>/.exec(xml);
    expect(failure?.[1]).toBe('tenant 1 read notes n1 of tenant 0 &amp; leaked a canary');
    expect(failure?.[2]).toContain('seed 7 path 0:0');
    expect(failure?.[2]).toContain('--replay-path 0:0');
    expect(failure?.[2]).toContain('&lt;script&gt;');
    expect(xml).toContain('<error type="inconclusive" message="positive control failed: connection refused">');
    expect(xml).not.toContain('<script>');
  });

  test('matches the golden file', async () => {
    await expect(renderJunit(sampleSummary())).toMatchFileSnapshot('./golden/junit.xml');
  });
});

describe('results.sarif', () => {
  test('a rule per invariant with its severity and CWE; a result per violation, on the contract, with its replay', () => {
    const summary = sampleSummary();
    const log = renderSarif(summary, '/srv/sample') as {
      version: string;
      runs: [{ tool: { driver: { rules: Array<Record<string, unknown>> } }; results: Array<Record<string, unknown>> }];
    };
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run.tool.driver.rules.map((r) => r['id'])).toEqual(summary.invariants.map((v) => v.id));
    expect(run.tool.driver.rules.find((r) => r['id'] === 'TI-1')!['properties']).toMatchObject({
      'security-severity': '9.5',
      tags: ['security', 'CWE-639', expect.any(String)],
    });
    expect(run.results.map((r) => r['ruleId'])).toEqual(summary.invariants.filter((v) => v.verdict === 'violated').map((v) => v.id));
    expect(run.results[0]).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'tenantproof.config.ts' } } }],
      partialFingerprints: { 'tenantproofFinding/v1': 'sample <service>:TI-1' },
    });
    expect((run.results[0]!['message'] as { text: string }).text).toContain('--replay-path 0:0');
  });
});

describe('report.html', () => {
  test('verdict matrix, operation and family matrices, counterexample, flood chart; markup escaped, nothing fetched', () => {
    const html = renderHtml(sampleSummary(), new Map(), () => ['curl -X GET "$TP_BASE_URL"/x']);
    const matrix = /<table id="verdict-matrix">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(matrix.match(/<tr data-invariant=/g)).toHaveLength(4);
    expect(matrix).toContain('<td class="violated">violated</td>');
    expect(html).toContain('<table id="operation-matrix">');
    expect(html).toContain('class="family-matrix" data-invariant="AUTH-1"');
    expect(html).toContain('<section id="TI-1" class="finding">');
    expect(html).toContain('curl -X GET &quot;$TP_BASE_URL&quot;/x');
    expect(html).toMatch(/<svg role="img" aria-label="RL-1: connections over time"[^]*?<polyline[^]*?■ connections<\/tspan><\/text>/);
    expect(html).toMatch(/<svg role="img" aria-label="RL-1: messages over time"[^]*?<polyline[^]*?■ messages<\/tspan><\/text>/);
    expect(html).toContain('aria-label="RL-1: latency (ms)"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('sample &lt;service&gt;');
    expect(html).toContain('<pre id="explore">explore: 3 rounds after the first; rounds and cases per invariant:');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test('probe statistics come from the evidence stream, bounded per invariant', async () => {
    const dir = tmp();
    const reporter = htmlReporter(dir);
    for (let i = 0; i < 500; i += 1)
      await reporter.onProbe!({ time: '', invariant: 'AUTH-1', kind: 'http', label: `l${i}`, request: {}, response: { status: i % 2 ? 401 : 200 } });
    await reporter.onRunEnd!(sampleSummary());
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const row = /<table id="probe-stats">[\s\S]*?<td>AUTH-1<\/td><td>500<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(html);
    expect(row?.[1]).toBe('200: 250, 401: 250');
    expect(row?.[2]).toContain('(other): 436');
  });
});

describe('summary.md', () => {
  test('table and findings, also appended to the GitHub step summary', async () => {
    const dir = tmp();
    const step = path.join(dir, 'step.md');
    writeFileSync(step, 'before\n');
    await markdownReporter(dir, step).onRunEnd!(sampleSummary());
    const md = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(md).toContain(
      '| TI-1 | Cross-tenant read by id is refused and leaks no canary | critical | API1:2023 Broken Object Level Authorization | ❌ violated | 3 |',
    );
    expect(md).toContain('<details><summary>TI-1 violated');
    expect(readFileSync(step, 'utf8')).toBe(`before\n${md}`);
  });

  test('matches the golden file', async () => {
    await expect(renderMarkdown(sampleSummary())).toMatchFileSnapshot('./golden/summary.md');
  });
});

describe('curl commands', () => {
  const violation = sampleSummary().invariants[1]!.counterexample!.violation;
  const claims = { user: 'uid', tenant: 'org', role: 'r', mfa: 'amr' };

  test('place $TP_TOKEN where the contract says, quote the rest, carry no token', () => {
    const header = curlCommands(violation, { transport: { in: 'header', name: 'authorization', scheme: 'Bearer' }, claims });
    expect(header[0]).toBe('# TP_TOKEN: a token for the actor, claims {"uid":"u3","org":"t1","r":"member"}');
    expect(header.at(-1)).toBe(`curl -sS -i -X GET "$TP_BASE_URL"'/notes/n1'\\''x?q=a+b' -H "authorization: Bearer $TP_TOKEN"`);
    const cookie = curlCommands(violation, { transport: { in: 'cookie', name: 'session' }, claims });
    expect(cookie.at(-1)).toContain('--cookie "session=$TP_TOKEN"');
    const query = curlCommands(violation, { transport: { in: 'query', name: 'access_token' }, claims });
    expect(query.at(-1)).toBe(`curl -sS -i -X GET "$TP_BASE_URL"'/notes/n1'\\''x?q=a+b&access_token='"$TP_TOKEN"`);
  });

  test('a step whose token travelled elsewhere (a fallback placement) is replayed with it there, not where the contract says', () => {
    const placed = { ...violation, steps: [{ ...violation.steps[0]!, tokenIn: { in: 'header' as const, name: 'authorization', scheme: 'Bearer' } }] };
    const curl = curlCommands(placed, { transport: { in: 'cookie', name: 'sid' }, claims }).at(-1);
    expect(curl).toContain('-H "authorization: Bearer $TP_TOKEN"');
    expect(curl).not.toContain('--cookie');
  });

  test("a step another actor sent (a sequence, a burst) carries that actor's own token variable", () => {
    const other = { tenant: 't2', user: 'u9', role: 'member' };
    const lines = curlCommands(
      { ...violation, steps: [...violation.steps, { ...violation.steps[0]!, actor: other }] },
      { transport: { in: 'cookie', name: 'sid' }, claims },
    );
    expect(lines).toContain('# TP_TOKEN_2: a token for another actor of the sequence, claims {"uid":"u9","org":"t2","r":"member"}');
    expect(lines.at(-1)).toContain('--cookie "sid=$TP_TOKEN_2"');
    expect(lines.filter((l) => l.includes('"sid=$TP_TOKEN"'))).toHaveLength(violation.steps.length);
  });

  test('statements on the database and seeded rows get no curl command', () => {
    const sql = { request: { method: 'SQL', path: 'insert on public.notes' }, response: undefined, note: 'refused' };
    const seeded = { request: { method: 'SEED', path: 'notes' }, response: undefined };
    const lines = curlCommands({ ...violation, steps: [sql, seeded, ...violation.steps] }, { transport: { in: 'cookie', name: 'sid' }, claims });
    expect(lines.filter((l) => l.startsWith('curl'))).toHaveLength(violation.steps.length);
    expect(lines.join('\n')).not.toContain('SQL');
  });

  test("the request's own headers are replayed, so a header attack reproduces", () => {
    const hinted = { ...violation, steps: [{ ...violation.steps[0]!, request: { ...violation.steps[0]!.request, headers: { 'x-tenant-id': 't0' } } }] };
    expect(curlCommands(hinted, { transport: { in: 'cookie', name: 'sid' }, claims }).at(-1)).toContain(`--cookie "sid=$TP_TOKEN" -H 'x-tenant-id: t0'`);
    const raw = {
      ...violation,
      steps: [{ ...violation.steps[0]!, request: { method: 'POST', path: '/rpc', headers: { 'content-type': 'text/plain' }, body: 'a b' } }],
    };
    expect(curlCommands(raw, { transport: { in: 'cookie', name: 'sid' }, claims }).at(-1)).toBe(
      `curl -sS -i -X POST "$TP_BASE_URL"'/rpc' --cookie "sid=$TP_TOKEN" -H 'content-type: text/plain' --data-raw 'a b'`,
    );
  });

  test('a contract whose extraClaims reshape the token says so, since the claims shown are not all it carries', () => {
    const extraClaims = () => ({ org: 1, roles: ['member'] });
    expect(curlCommands(violation, { transport: { in: 'cookie', name: 'sid' }, claims, extraClaims })[0]).toBe(
      `# TP_TOKEN: a token for the actor, claims {"uid":"u3","org":"t1","r":"member"}, then as the contract's identity.extraClaims(actor) adds or overrides`,
    );
  });
});

describe('publishReports', () => {
  test('writes every report, redacted, and seals them in the manifest', async () => {
    const dir = tmp();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
    writeFileSync(
      path.join(dir, 'evidence.ndjson'),
      `${JSON.stringify({ time: '', invariant: 'TI-1', kind: 'http', request: {}, response: { status: 200 } })}\n`,
    );
    const summary = sampleSummary();
    summary.invariants[1]!.reason = `leaked ${jwt}`;
    await publishReports(dir, summary, {
      manifest: manifestOf(summary),
    });
    const files = ['coverage.json', 'summary.json', 'summary.md', 'junit.xml', 'results.sarif', 'report.html', 'manifest.json'];
    for (const f of files) expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toContain(jwt);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual([
      'coverage.json',
      'evidence.ndjson',
      'junit.xml',
      'report.html',
      'results.sarif',
      'summary.json',
      'summary.md',
    ]);
  });

  test('a signal while writing: no further probe is fed, and summary and manifest say interrupted', async () => {
    const dir = tmp();
    const probe = (i: number) => JSON.stringify({ time: '', invariant: 'TI-1', kind: 'http', request: { path: `/${i}` }, response: { status: 200 } });
    writeFileSync(path.join(dir, 'evidence.ndjson'), `${[1, 2, 3, 4, 5].map(probe).join('\n')}\n`);
    let signal: string | undefined;
    const fed: string[] = [];
    // A writer that is slow on the second probe, during which the run is signalled.
    const slow: Reporter = {
      name: 'slow',
      onProbe: (p) => {
        fed.push((p.request as { path: string }).path);
        if (fed.length === 2) signal = 'SIGTERM';
      },
    };
    const summary = sampleSummary();
    await publishReports(dir, summary, {
      extra: [slow],
      manifest: manifestOf(summary),
      interrupted: () => signal,
    });
    expect(fed).toEqual(['/1', '/2']);
    const written = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(written.interrupted).toEqual({ signal: 'SIGTERM' });
    expect(written.invariants.map((v) => [v.id, v.verdict])).toEqual(summary.invariants.map((v) => [v.id, v.verdict]));
    expect(verifyManifest(dir)).toMatchObject({ ok: true, interrupted: { signal: 'SIGTERM' } });
  });

  test('without a signal nothing says interrupted', async () => {
    const dir = tmp();
    const summary = sampleSummary();
    await publishReports(dir, summary, {
      manifest: manifestOf(summary),
      interrupted: () => undefined,
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')).interrupted).toBeUndefined();
    expect(verifyManifest(dir)).toMatchObject({ ok: true });
    expect(verifyManifest(dir).interrupted).toBeUndefined();
  });
});

describe('console summary', () => {
  test('no line over the console limit, however long a request body or a shrunk value is', () => {
    const summary = sampleSummary();
    const finding = summary.invariants.find((v) => v.counterexample)!;
    finding.counterexample!.value = { body: 'y'.repeat(10_000) };
    const lines = renderConsoleSummary(summary).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(MAX_CONSOLE_LINE);
    expect(lines.find((l) => l.startsWith('  shrunk:'))).toContain(`the whole text is in ${summary.runId}/summary.json`);
  });
});
