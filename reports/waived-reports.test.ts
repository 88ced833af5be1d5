import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { finishAllureResults } from './allure-results.ts';
import { renderConsoleSummary } from './console-summary.ts';
import { renderHtml } from './html-reporter.ts';
import { renderJunit } from './junit-reporter.ts';
import { renderMarkdown } from './markdown-reporter.ts';
import { renderSarif } from './sarif-reporter.ts';
import { waivedSummary } from './test-support/sample-summary.ts';

const REASON = 'legacy export, fix tracked in #42';

describe('a waived violation in every report', () => {
  test('summary.json: the schema accepts waived with its waiver and refuses a waiver without reason', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('./schema/summary.schema.json', import.meta.url), 'utf8')) as object);
    const summary = waivedSummary();
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    summary.invariants.find((v) => v.id === 'TI-1')!.waiver = { until: '2026-03-01' } as never;
    expect(validate(summary)).toBe(false);
  });

  test('console and summary.md count it, show the finding and the reason', () => {
    const text = renderConsoleSummary(waivedSummary());
    expect(text).toContain(`waiver:   ${REASON} (until 2026-03-01)`);
    expect(text).toContain('TI-1 waived:');
    expect(text).toContain('seed 7 path 0:0');
    expect(text).toMatch(/violated 0, .*waived 1,/);
    const md = renderMarkdown(waivedSummary());
    expect(md).toContain('🏳️ waived');
    expect(md).toContain(REASON);
    expect(md).toMatch(/waived 1/);
  });

  test('junit.xml: a skipped case carrying the reason, the finding and waiver properties; no failure', () => {
    const xml = renderJunit(waivedSummary());
    expect(xml).not.toContain('<failure');
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('skipped="2"');
    const skipped = /<skipped type="waived" message="([^"]*)">([\s\S]*?)<\/skipped>/.exec(xml);
    expect(skipped?.[1]).toBe(`waived until 2026-03-01: ${REASON}`);
    expect(skipped?.[2]).toContain('seed 7 path 0:0');
    expect(xml).toContain(`<property name="waiver" value="${REASON}"/>`);
  });

  test('results.sarif: still a result, with an external suppression justified by the reason', () => {
    const log = renderSarif(waivedSummary(), '/srv/sample') as { runs: [{ results: Array<Record<string, unknown>> }] };
    const [result] = log.runs[0].results;
    expect(result).toMatchObject({
      ruleId: 'TI-1',
      suppressions: [{ kind: 'external', status: 'accepted', justification: `${REASON} (waived until 2026-03-01)` }],
    });
  });

  test('report.html: tallied and shown as a finding with its reason', () => {
    const html = renderHtml(waivedSummary(), new Map());
    expect(html).toContain('waived 1');
    expect(html).toContain('<h3 class="waived">TI-1 waived</h3>');
    expect(html).toContain(REASON);
  });

  test('Allure: the failed vitest result becomes skipped with the waiver in its message', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-allure-waived-'));
    try {
      writeFileSync(
        path.join(dir, 'a-result.json'),
        JSON.stringify({ name: 'TI-1 cross-tenant read', status: 'failed', statusDetails: { message: 'violated' } }),
      );
      finishAllureResults(dir, waivedSummary().invariants);
      const result = JSON.parse(readFileSync(path.join(dir, 'a-result.json'), 'utf8')) as { status: string; statusDetails: { message: string } };
      expect(result.status).toBe('skipped');
      expect(result.statusDetails.message).toContain(`waived until 2026-03-01: ${REASON}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
