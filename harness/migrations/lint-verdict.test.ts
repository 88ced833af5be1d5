import { describe, expect, it } from 'vitest';
import { migrationVerdict, type MigrationCheck } from './lint-verdict.ts';

const check = (over: Partial<MigrationCheck>): MigrationCheck => ({
  id: 'MIG-1',
  cases: 3,
  findings: [],
  control: { description: 'a control statement', detected: true },
  startedAt: performance.now(),
  replay: { seed: 7, base: 'npx tenantproof certify --seed 7' },
  ...over,
});

describe('migrationVerdict', () => {
  it('is inconclusive when the positive control did not fire, whatever the findings', () => {
    const v = migrationVerdict(check({ control: { description: 'a control statement', detected: false }, findings: [{ text: 'x', data: {} }] }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toContain('a control statement was not reported');
  });

  it('is inconclusive when there was nothing to examine', () => {
    expect(migrationVerdict(check({ cases: 0 })).verdict).toBe('inconclusive');
  });

  it('holds without findings and carries no detection time', () => {
    const v = migrationVerdict(check({}));
    expect(v.verdict).toBe('held');
    expect(v.firstViolationAt).toBeUndefined();
  });

  it('is violated with the findings, a replay command and the moment of detection', () => {
    const before = new Date().toISOString();
    const v = migrationVerdict(check({ findings: [{ text: 'a.sql:1:1 MIG-1/drop-column', data: { rule: 'MIG-1/drop-column' } }] }));
    expect(v.verdict).toBe('violated');
    expect(v.reason).toContain('a.sql:1:1 MIG-1/drop-column');
    expect(v.counterexample?.replay).toBe('npx tenantproof certify --seed 7 --only MIG-1');
    expect(v.firstViolationAt! >= before).toBe(true);
  });
});
