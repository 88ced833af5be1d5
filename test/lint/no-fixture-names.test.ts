/**
 * The harness must work on services nobody on the team has seen, so no product source may name a
 * bundled fixture: not its folder, its service name, nor the variables that switch its bugs. A
 * name that slipped in is a special case the harness makes for one service.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCT = ['bin', 'harness', 'suites', 'generators', 'reports'];
/** Tests and their support may name fixtures: they are how a fixture is driven. */
const NOT_PRODUCT = [/\.test\.ts$/, /\/_internals\/test-[^/]*$/, /^reports\/(golden|test-support)\//];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(path.join(ROOT, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

/** Every fixture service (a folder with a contract), the name it declares and the bug switches it replays. */
function fixtureNames(): string[] {
  const services = readdirSync(path.join(ROOT, 'fixtures')).filter((f) => existsSync(path.join(ROOT, 'fixtures', f, 'tenantproof.config.ts')));
  const declared = services.flatMap((f) => {
    const text = readFileSync(path.join(ROOT, 'fixtures', f, 'tenantproof.config.ts'), 'utf8');
    const name = /^\s*name:\s*'([^']+)'/m.exec(text)?.[1];
    const switches = [...text.matchAll(/\b([A-Z][A-Z0-9_]*_BUGS)\b/g)].map((m) => m[1]!);
    return [f, ...(name ? [name] : []), ...switches];
  });
  return [...new Set(declared)];
}

test('no product source names a bundled fixture', () => {
  const names = fixtureNames();
  expect(names).toEqual(expect.arrayContaining(['reference-service', 'rest-service', 'graphql-service', 'REST_SERVICE_BUGS']));
  const files = PRODUCT.flatMap(filesUnder).filter((f) => /\.(ts|js)$/.test(f) && !NOT_PRODUCT.some((re) => re.test(f)));
  expect(files.length).toBeGreaterThan(100);
  const found = files.flatMap((f) => {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    return names.filter((n) => new RegExp(`\\b${n.replace(/[-]/g, '\\-')}\\b`).test(text)).map((n) => `${f}: ${n}`);
  });
  expect(found).toEqual([]);
});
