import { describe, expect, it } from 'vitest';
import { clampLines, MAX_CONSOLE_LINE } from './console-lines.ts';

describe('clampLines', () => {
  it('leaves short lines alone and cuts a long one to the limit, saying how much is elsewhere', () => {
    const long = 'x'.repeat(5000);
    const [first, second, third] = clampLines(`short\n${long}\nlast`, 'summary.json').split('\n');
    expect(first).toBe('short');
    expect(second!.length).toBeLessThanOrEqual(MAX_CONSOLE_LINE);
    expect(second).toMatch(/^x+ … \(\d+ more characters; the whole text is in summary\.json\)$/);
    expect(Number(/\((\d+) more/.exec(second!)![1]) + second!.indexOf(' …')).toBe(5000);
    expect(third).toBe('last');
  });
});
