import { describe, expect, test } from 'vitest';
import { renderConsoleSummary } from './console-summary.ts';
import { renderHtml } from './html-reporter.ts';
import { renderJunit } from './junit-reporter.ts';
import { renderMarkdown } from './markdown-reporter.ts';
import { interruptedSummary, sampleSummary } from './test-support/sample-summary.ts';

const NOTE = 'Interrupted by SIGTERM: the verdicts are partial.';

describe('an interrupted run says so, with its signal, in every renderer', () => {
  test('console: a PARTIAL line at the top and the signal beside the exit code', () => {
    const text = renderConsoleSummary(interruptedSummary());
    const lines = text.split('\n');
    expect(lines[1]).toContain(`PARTIAL ${NOTE}`);
    expect(lines.at(-1)).toMatch(/-> exit 1 \(partial: interrupted by SIGTERM\)$/);
    expect(renderConsoleSummary(sampleSummary())).not.toMatch(/PARTIAL|partial/);
  });

  test('summary.md: a partial-run quote above the table, and the golden file', async () => {
    const md = renderMarkdown(interruptedSummary());
    expect(md.indexOf(`> ⚠️ **partial run**: ${NOTE}`)).toBeGreaterThan(0);
    expect(md.indexOf('partial run')).toBeLessThan(md.indexOf('| id |'));
    expect(renderMarkdown(sampleSummary())).not.toContain('partial run');
    await expect(md).toMatchFileSnapshot('./golden/summary-interrupted.md');
  });

  test('report.html: a partial-run banner', () => {
    const html = renderHtml(interruptedSummary(), new Map());
    expect(html).toContain(`<p id="interrupted" class="inconclusive"><strong>Partial run.</strong> ${NOTE}`);
    expect(renderHtml(sampleSummary(), new Map())).not.toContain('id="interrupted"');
  });

  test('junit.xml: an `interrupted` suite property, and the golden file', async () => {
    const xml = renderJunit(interruptedSummary());
    expect(xml).toContain(`<property name="interrupted" value="${NOTE}`);
    expect(renderJunit(sampleSummary())).not.toContain('name="interrupted"');
    await expect(xml).toMatchFileSnapshot('./golden/junit-interrupted.xml');
  });
});
