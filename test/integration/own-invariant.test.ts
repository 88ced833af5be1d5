/**
 * One home per invariant, seen from outside: `list --json` names one source file per invariant and
 * that file defines it; an invariant added from one file (own-invariant/) shows up in `list`, runs
 * under certify, and reaches the summary and JUnit like a built-in one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, runCli } from './support/cli.ts';

const CONFIG = path.join(ROOT, 'test/integration/own-invariant/tenantproof.config.ts');
const list = (...args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bin/tenantproof.js'), 'list', '--json', ...args], { cwd: ROOT, encoding: 'utf8' })) as Array<{
    id: string;
    title: string;
    source: string;
  }>;

test('every listed invariant names the one file that defines it', () => {
  const listed = list();
  expect(listed.length).toBeGreaterThanOrEqual(39);
  expect(new Set(listed.map((l) => l.id)).size).toBe(listed.length);
  for (const { id, source } of listed) {
    expect(source, id).toMatch(/^suites\/[a-z-]+\.suite\.ts$/);
    expect(readFileSync(path.join(ROOT, source), 'utf8'), `${source} defines ${id}`).toContain(`id: '${id}',`);
  }
});

test('the README catalogue is what list --markdown prints', () => {
  const markdown = execFileSync(process.execPath, [path.join(ROOT, 'bin/tenantproof.js'), 'list', '--markdown'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(/<!-- invariants:start -->\n([\s\S]*?)\n<!-- invariants:end -->/.exec(readme)?.[1], 'regenerate with tenantproof list --markdown').toBe(markdown);
});

test('an invariant added from one file is listed, certified, and reported in the summary and JUnit', async () => {
  const own = list('--config', CONFIG).find((l) => l.id === 'EX-1');
  expect(own).toMatchObject({ title: 'Unknown routes answer 404 without a stack trace', source: 'test/integration/own-invariant/example-invariant.ts' });

  const run = await runCli(['certify', '--config', CONFIG, '--only', 'EX-1', '--seed', '5']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.summary?.invariants.find((v) => v.id === 'EX-1')).toMatchObject({ verdict: 'held', title: own!.title, severity: 'low', cwe: 'CWE-209' });
  expect(run.summary?.invariants.filter((v) => v.verdict !== 'skipped').map((v) => v.id)).toEqual(['EX-1']);
  const junit = readFileSync(path.join(run.reportsDir, 'latest', 'junit.xml'), 'utf8');
  expect(junit).toContain('EX-1 Unknown routes answer 404 without a stack trace');
});
