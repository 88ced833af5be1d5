import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { finishAllureResults } from './allure-results.ts';
import { sampleSummary } from './test-support/sample-summary.ts';

test('Allure results get catalogue labels and lose any token allure-vitest copied from an assertion', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-allure-'));
  try {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlcw';
    const result = {
      name: 'TI-1 cross-tenant read',
      status: 'failed',
      statusDetails: { message: `got ${jwt}` },
      labels: [{ name: 'framework', value: 'vitest' }],
    };
    writeFileSync(path.join(dir, 'a-result.json'), JSON.stringify(result));
    writeFileSync(path.join(dir, 'environment.properties'), 'seed=7\n');
    finishAllureResults(dir, sampleSummary().invariants);
    const text = readFileSync(path.join(dir, 'a-result.json'), 'utf8');
    expect(text).not.toContain(jwt);
    expect(JSON.parse(text).labels).toEqual([
      { name: 'framework', value: 'vitest' },
      { name: 'severity', value: 'blocker' },
      { name: 'epic', value: 'API1:2023 Broken Object Level Authorization' },
      { name: 'feature', value: 'TI' },
      { name: 'story', value: 'TI-1 Cross-tenant read by id is refused and leaks no canary' },
      { name: 'tag', value: 'CWE-639' },
      { name: 'tag', value: 'verdict:violated' },
    ]);
    expect(readFileSync(path.join(dir, 'environment.properties'), 'utf8')).toBe('seed=7\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
