/**
 * The certification bundle end to end, through the real CLI: every artifact of a clean run, its
 * manifest verified and broken byte by byte, no secret in any file, the HTML report opened in a
 * real headless Chromium, a zoo counterexample replayed from a fresh start, and two shards merged
 * into the verdicts of the unsharded run.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifyManifest } from '../../reports/manifest.ts';
import { REFERENCE_CONFIG, ROOT, runCli, verdicts, type CliRun } from './support/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const APP_ROLE_PASSWORD = 'app_user_password';

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    return e.isDirectory() ? filesUnder(dir, r) : e.isFile() ? [r] : [];
  });
}

const runDirOf = (run: CliRun) => realpathSync(path.join(run.reportsDir, 'latest'));

describe('evidence bundle of a clean certify run', () => {
  let run: CliRun;
  let dir: string;
  let stepSummary: string;

  beforeAll(async () => {
    stepSummary = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-step-')), 'step-summary.md');
    // Every suite, not a subset: websocket, SQL and flood evidence must be redacted too.
    run = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', '11', '--profile', 'quick', '--allure'], {
      GITHUB_STEP_SUMMARY: stepSummary,
      CI: '1',
    });
    dir = runDirOf(run);
  });

  test('every artifact is written and summary.json matches its published JSON Schema', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const f of [
      'summary.json',
      'summary.md',
      'junit.xml',
      'results.sarif',
      'report.html',
      'evidence.ndjson',
      'manifest.json',
      'target.log',
      'environment.json',
      'allure-results',
    ]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'reports/schema/summary.schema.json'), 'utf8')) as object);
    expect(validate(run.summary), JSON.stringify(validate.errors)).toBe(true);
    const validateCoverage = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'reports/schema/coverage.schema.json'), 'utf8')) as object);
    const coverage = JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8')) as { declared: string[] };
    expect(validateCoverage(coverage), JSON.stringify(validateCoverage.errors)).toBe(true);
    expect(coverage.declared).toContain('notes.read');
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(run.summary!.invariants.length);
    expect(readFileSync(stepSummary, 'utf8')).toBe(readFileSync(path.join(dir, 'summary.md'), 'utf8'));
    const evidence = readFileSync(path.join(dir, 'evidence.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(evidence.length).toBeGreaterThan(50);
    expect(evidence.find((e) => e.kind === 'http')).toMatchObject({
      time: expect.any(String),
      invariant: expect.any(String),
      kind: 'http',
      request: { method: expect.any(String) },
      response: { status: expect.any(Number), headers: expect.any(Object), bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      seed: 11,
      profile: 'quick',
      harness: { version: expect.any(String) },
      postgres: { version: expect.any(String) },
      config: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(manifest.target.gitCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  test('verify passes on the untouched bundle and fails after any byte of any artifact changes', async () => {
    const ok = await runCli(['verify', dir]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const rel of files) {
      const file = path.join(dir, rel);
      const original = readFileSync(file);
      if (original.length === 0) continue;
      const changed = Buffer.from(original);
      const at = original.length >> 1;
      changed[at] = changed[at]! ^ 0x20;
      writeFileSync(file, changed);
      expect(verifyManifest(dir).ok, rel).toBe(false);
      writeFileSync(file, original);
    }
    expect(verifyManifest(dir).ok).toBe(true);
    writeFileSync(path.join(dir, 'summary.json'), readFileSync(path.join(dir, 'summary.json'), 'utf8').replace('"exitCode": 0', '"exitCode": 1'));
    const broken = await runCli(['verify', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('summary.json: SHA-256 differs');
  });

  test('no private key, full token or database password appears in any file of the run folder', () => {
    for (const rel of filesUnder(dir)) {
      const text = readFileSync(path.join(dir, rel), 'utf8');
      expect(text, rel).not.toMatch(/PRIVATE KEY/);
      expect(text, rel).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/);
      expect(text, rel).not.toContain(APP_ROLE_PASSWORD);
      expect(text, rel).not.toMatch(/postgres(ql)?:\/\/[^:\s/]+:(?!\[redacted\])[^@\s]+@/);
      // A JWK's private members; `q` elsewhere is a search term.
      for (const jwk of text.match(/\{[^{}]*\\?"kty\\?"[^{}]*\}/g) ?? [])
        expect(jwk, rel).not.toMatch(/\\?"(d|p|q|dp|dq|qi|k)\\?"\s*:\s*\\?"(?!\[redacted\])[A-Za-z0-9_-]{16,}/);
    }
  });

  test.skipIf(!existsSync(CHROMIUM))('report.html opens offline in headless Chromium and shows the verdict matrix', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      const rows = page.locator('#verdict-matrix tbody tr');
      expect(await rows.count()).toBe(run.summary!.invariants.length);
      const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-invariant'), tr.querySelectorAll('td')[5]?.textContent]));
      expect(Object.fromEntries(shown)).toEqual(verdicts(run.summary));
      expect(await page.locator('#operation-matrix').isVisible()).toBe(true);
      expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe('reproduction', () => {
  test('a zoo counterexample is saved as a file and `replay` shows the same violation from a fresh start', async () => {
    const found = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', '5', '--profile', 'quick', '--only', 'TI-1'], {
      TENANTPROOF_BUGS: 'privileged-read',
    });
    expect(found.code, found.stdout + found.stderr).toBe(1);
    const file = path.join(runDirOf(found), 'counterexamples', 'TI-1.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ invariant: 'TI-1', seed: 5, profile: 'quick', environment: { TENANTPROOF_BUGS: 'privileged-read' } });
    expect(saved.curl.join('\n')).toContain('"authorization: Bearer $TP_TOKEN"');
    expect(found.stdout).toContain(`tenantproof replay ${found.reportsDir}/`);
    const html = readFileSync(path.join(runDirOf(found), 'report.html'), 'utf8');
    expect(html).toContain('<section id="TI-1" class="finding">');

    // No TENANTPROOF_BUGS here: the replay takes the variant from the file.
    const replay = await runCli(['replay', file]);
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    expect(replay.stdout).toContain('replay: TI-1 violated again, same shrunk value');
    expect(replay.summary?.invariants.find((v) => v.id === 'TI-1')?.counterexample?.value).toEqual(saved.counterexample.value);
    expect(statSync(path.join(runDirOf(replay), 'manifest.json')).isFile()).toBe(true);
  });
});

describe('sharding', () => {
  test('two shards, each with its own Postgres and target, merge into the verdicts of the unsharded run', async () => {
    const only = ['--config', REFERENCE_CONFIG, '--seed', '3', '--profile', 'quick', '--only', 'AUTH-1,ID-1'];
    const whole = await runCli(['certify', ...only]);
    const one = await runCli(['certify', ...only, '--shard', '1/2']);
    const two = await runCli(['certify', ...only, '--shard', '2/2']);
    expect([whole.code, one.code, two.code], whole.stdout + one.stdout + two.stdout).toEqual([0, 0, 0]);
    // The shards split the work: no invariant ran in both. (Skipped entries are left out of the
    // comparison: they only list the tests of the files a shard loaded.)
    const ran = (summary: CliRun['summary']) => Object.fromEntries(Object.entries(verdicts(summary)).filter(([, v]) => v !== 'skipped'));
    expect(Object.keys(ran(one.summary)).filter((id) => id in ran(two.summary))).toEqual([]);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-merged-')), 'bundle');
    const merged = await runCli(['merge', runDirOf(one), runDirOf(two), '--out', out]);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as CliRun['summary'];
    expect(ran(summary)).toEqual(ran(whole.summary));
    expect(Object.keys(ran(summary)).sort()).toEqual(['AUTH-1', 'ID-1']);
    expect(summary?.mergedFrom).toHaveLength(2);
    const lines = (d: string) => readFileSync(path.join(d, 'evidence.ndjson'), 'utf8').trim().split('\n').length;
    expect(lines(out)).toBe(lines(runDirOf(one)) + lines(runDirOf(two)));
    expect(verifyManifest(out)).toMatchObject({ ok: true });
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  });
});
