import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { coverageHtml } from './html-coverage.ts';
import { evidenceLines } from './evidence-lines.ts';
import { CoverageTally } from './coverage.ts';
import { renderMarkdown } from './markdown-reporter.ts';
import type { Summary } from './summary.ts';

// A bundle recorded from the reference service (--only TI-1,AUTH-1,MIG-1,DB-7 --profile quick --seed 1), response bodies dropped.
const BUNDLE = path.join(import.meta.dirname, 'test-support/recorded-bundle');
const summary = JSON.parse(readFileSync(path.join(BUNDLE, 'summary.json'), 'utf8')) as Summary;
const DECLARED = ['notes.create', 'notes.read', 'notes.list', 'notes.update', 'notes.delete', 'notes.batch'];

async function recordedCoverage() {
  const tally = new CoverageTally();
  for await (const probe of evidenceLines(path.join(BUNDLE, 'evidence.ndjson'))) tally.add(probe);
  return tally.coverage(summary, DECLARED);
}

describe('coverage.json from a recorded bundle', () => {
  test('operations x families per invariant with probe counts, summing to the evidence lines', async () => {
    const coverage = await recordedCoverage();
    const lines = readFileSync(path.join(BUNDLE, 'evidence.ndjson'), 'utf8').trim().split('\n').length;
    expect(coverage.invariants.reduce((n, c) => n + c.probes, 0)).toBe(lines);
    expect(Object.values(coverage.operations).reduce((a, b) => a + b, 0)).toBe(lines);
    const auth1 = coverage.invariants.find((c) => c.id === 'AUTH-1')!;
    expect(Object.keys(auth1.matrix)).toContain('profiles.delete');
    expect(auth1.matrix['notes.read']).toMatchObject({ 'no-credentials': expect.any(Number), control: expect.any(Number) });
    // DB-7's raw SQL is counted under its kind, not lost.
    expect(coverage.operations['(sql)']).toBeGreaterThan(0);
  });

  test('never reached: skipped invariants with their reason, and declared operations no probe touched', async () => {
    const { neverReached } = await recordedCoverage();
    expect(neverReached.invariants).toContainEqual({ id: 'TI-2', verdict: 'skipped', reason: 'not selected for this run (--only, --skip or --shard)' });
    expect(neverReached.invariants.map((i) => i.id)).not.toContain('TI-1');
    expect(neverReached.operations).toEqual(['notes.batch']);
  });

  test('summary.md and report.html show it', async () => {
    const coverage = await recordedCoverage();
    const md = renderMarkdown(summary, coverage);
    expect(md).toMatch(/\| AUTH-1 \| 106 \| .*notes\.create \d+.* \| .*no-credentials \d+/);
    expect(md).toContain('- operation `notes.batch`: no probe of any invariant');
    const html = coverageHtml(coverage);
    expect(html).toContain('<table class="coverage-matrix" data-invariant="AUTH-1">');
    expect(html).toContain('<li>operation <code>notes.batch</code>: no probe of any invariant</li>');
  });
});

describe('coverage.schema.json', () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(path.join(import.meta.dirname, 'schema/coverage.schema.json'), 'utf8')) as object,
  );

  test('accepts the coverage of a recorded bundle', async () => {
    const coverage = await recordedCoverage();
    expect(validate(coverage), JSON.stringify(validate.errors)).toBe(true);
  });

  test('rejects an unknown verdict, a missing field, an unknown member and a negative count', async () => {
    const coverage = await recordedCoverage();
    expect(validate({ ...coverage, invariants: [{ ...coverage.invariants[0]!, verdict: 'passed' }] })).toBe(false);
    const { declared: _declared, ...missing } = coverage;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...coverage, extra: 1 })).toBe(false);
    expect(validate({ ...coverage, operations: { 'notes.read': -1 } })).toBe(false);
  });
});
