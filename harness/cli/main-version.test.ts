import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { main } from './main.ts';

afterEach(() => vi.restoreAllMocks());

describe('tenantproof --version', () => {
  test("prints the package's version and exits 0, whatever the command", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    expect(await main(['--version'], [])).toBe(0);
    expect(await main(['certify', '--version'], [])).toBe(0);
    expect(out).toEqual([`tenantproof ${version}\n`, `tenantproof ${version}\n`]);
  });
});
