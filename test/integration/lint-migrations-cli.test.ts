/**
 * `tenantproof lint-migrations` as a pre-commit hook or CI step runs it: the real CLI process,
 * real files, each output format, and the exit codes 0 clean / 1 findings / 2 usage error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LINT_RULES } from '../../harness/migrations/lint-rules.ts';
import { REFERENCE_CONFIG, ROOT } from './support/cli.ts';

function lint(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/tenantproof.js'), 'lint-migrations', ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

describe('tenantproof lint-migrations', () => {
  test("the reference migrations lint clean (exit 0), with the contract's rollback convention checked", async () => {
    const run = await lint(['--config', REFERENCE_CONFIG]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^0 finding\(s\) in 4 file\(s\), \d+ statement\(s\); checked MIG-1, MIG-2, MIG-4$/m);
    expect(run.code).toBe(0);
  });

  test('what a DO block may have done is printed, a warning in SARIF, and does not fail the hook', async () => {
    const config = path.join(ROOT, 'fixtures/postgraphile-service/tenantproof.config.ts');
    const run = await lint(['--config', config]);
    expect(run.stdout).toContain('unless the DO block at 004_time_entries.sql:');
    expect(run.stdout).toMatch(/^6 finding\(s\) \(6 of them only a live database can settle/m);
    expect(run.code).toBe(0);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-lint-')), 'lint.sarif');
    await lint(['--config', config, '--format', 'sarif', '--output', out]);
    const levels = JSON.parse(readFileSync(out, 'utf8')).runs[0].results.map((r: { level: string }) => r.level);
    expect(levels).toEqual(Array(6).fill('warning'));
  });

  test('the bad corpus exits 1 and its SARIF points every MIG-1 rule at a file and line', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-lint-')), 'lint.sarif');
    const run = await lint(['fixtures/bad-migrations', '--format', 'sarif', '--output', out]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
    const mig1 = LINT_RULES.filter((r) => r.invariant === 'MIG-1').map((r) => r.id);
    expect(mig1.filter((id) => !results.some((r) => r.ruleId === id))).toEqual([]);
    for (const r of results) {
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^fixtures\/bad-migrations\/[\w-]+\.sql$/);
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  test('JSON output carries each finding with its rule, invariant and location', async () => {
    const run = await lint(['fixtures/bad-migrations/truncate.sql', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'MIG-1/truncate', invariant: 'MIG-1', line: 2, column: 1 })]);
  });

  test("a zoo variant's pending migration without a rollback fails MIG-4 through the contract", async () => {
    const run = await lint(['--config', REFERENCE_CONFIG], { TENANTPROOF_BUGS: 'migration-no-rollback' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/005_notes_title_index\.sql:1:1: MIG-4\/missing-rollback/);
  });

  test.each([[['--format', 'xml', 'fixtures/bad-migrations']], [['--no-such-flag', 'fixtures/bad-migrations']], [['fixtures/no-such-directory']], [[]]])(
    'usage errors exit 2: %j',
    async (args) => {
      const run = await lint(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^tenantproof: (USAGE|MIGRATIONS_NOT_FOUND): /);
    },
  );
});
