import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { initConfig } from './init-config.ts';
import { parseCliArgs, parseDuration } from './parse-args.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = path.join(ROOT, 'harness/index.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('tenantproof init', () => {
  test('writes a commented contract that validates as it stands, and never overwrites silently', async () => {
    // Inside the checkout: vitest's module loader serves files under its root only.
    const dir = mkdtempSync(path.join(ROOT, '.tp-init-'));
    dirs.push(dir);
    const file = initConfig(path.join(dir, 'tenantproof.config.ts'), { name: 'orders-api' });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('name: "orders-api"');
    expect(text.match(/^\s*\/\/ /gm)?.length).toBeGreaterThan(10);
    // Outside a project that installed tenantproof the package name does not resolve; point it at this checkout.
    writeFileSync(file, text.replace("from 'tenantproof'", `from ${JSON.stringify(HARNESS)}`));
    const { config } = await loadConfig(file);
    expect(config.identity.claims).toEqual({ user: 'sub', tenant: 'tenant_id', role: 'role', mfa: 'amr' });
    expect(Object.keys(config.resources)).toEqual(['items']);
    expect(() => initConfig(file)).toThrow(/already exists .*--force/);
    expect(initConfig(file, { force: true })).toBe(file);
  });
});

describe('command line', () => {
  test('--time-budget takes ms, s, m, h or bare seconds and rejects anything else', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(() => parseDuration('soon')).toThrow(/--time-budget expects a duration .* found soon/);
    expect(() => parseDuration('0s')).toThrow(/--time-budget/);
  });

  test('commands take their operands', () => {
    expect(parseCliArgs(['merge', 'a', 'b', '--out', 'm'])).toMatchObject({ command: 'merge', operands: ['a', 'b'], out: 'm' });
    expect(parseCliArgs(['replay', 'r/counterexamples/TI-1.json'])).toMatchObject({ command: 'replay', operands: ['r/counterexamples/TI-1.json'] });
    expect(parseCliArgs(['certify', '--time-budget', '10m', '--shard', '1/2'])).toMatchObject({ timeBudgetMs: 600_000, shard: '1/2' });
    // Absent, explore is left to the profile (nightly's is on).
    expect(parseCliArgs(['certify', '--explore']).explore).toBe(true);
    expect(parseCliArgs(['certify']).explore).toBeUndefined();
  });
});
