import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openAuditWindow } from './audit-sink.ts';
import type { SuiteContext } from './suite-context.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Just the parts of a suite context a log-file sink reads. */
function logContext(runDir: string, file?: string): SuiteContext {
  const parse = (line: string) => {
    const m = /^AUDIT (\S+) actor=(\S+) at=(\S+)$/.exec(line);
    return m ? { action: m[1]!, actor: m[2], at: m[3] } : undefined;
  };
  return {
    handle: { runDir, configPath: path.join(runDir, 'tenantproof.config.ts') },
    config: { audit: { sink: { kind: 'log', file, parse }, actions: {} } },
  } as unknown as SuiteContext;
}

describe('openAuditWindow on a log file', () => {
  test('returns only complete lines written after the window opened, through the parser', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tp-audit-'));
    const log = path.join(dir, 'target.log');
    await writeFile(log, 'AUDIT auth.refused actor=before at=2026-01-01T00:00:00Z\n');
    const window = await openAuditWindow(logContext(dir));
    await appendFile(log, 'GET /notes 401 1.0ms\nAUDIT auth.refused actor=u1 at=2026-01-01T00:00:01Z\nAUDIT auth.refused actor=u2 at=2026');
    const records = await window.records();
    expect(records).toEqual([{ action: 'auth.refused', actor: 'u1', tenant: undefined, at: new Date('2026-01-01T00:00:01Z') }]);
  });
  test('waits for a lagging writer until the caller is satisfied', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tp-audit-'));
    await writeFile(path.join(dir, 'audit.log'), '');
    const window = await openAuditWindow(logContext(dir, 'audit.log'));
    setTimeout(() => void appendFile(path.join(dir!, 'audit.log'), 'AUDIT platform.read actor=po at=2026-01-01T00:00:00Z\n'), 50);
    const records = await window.records((rs) => rs.length > 0);
    expect(records.map((r) => r.actor)).toEqual(['po']);
  });
});
