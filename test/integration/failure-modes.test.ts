/**
 * A run that cannot happen must say why, exit 2 and leave nothing running: a target that crashes
 * at start, a misspelled config key, a Postgres port that is already taken, and a reports folder
 * that cannot be written (2 s measured: it ends before anything starts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { processesLeftBehind, REFERENCE_CONFIG, ROOT, runCli, startCli } from './support/cli.ts';

const contract = (name: string) => path.join(ROOT, 'fixtures/contracts', name);

describe('runs that cannot happen', () => {
  test('a target that crashes at start: exit 2 with its last lines, nothing left running', async () => {
    const run = await runCli(['certify', '--config', contract('crashing-target.config.ts'), '--seed', '1']);
    expect(run.code).toBe(2);
    const output = run.stdout + run.stderr;
    expect(output).toContain('TARGET_EXITED');
    expect(output).toContain('fatal: SIGNING_KEY is not set');
    expect(run.summary?.error?.code).toBe('TARGET_EXITED');
    expect(await processesLeftBehind(run.marker)).toEqual([]);
  });

  test('a misspelled config key: exit 2 naming the key path, before anything starts', async () => {
    const run = await runCli(['certify', '--config', contract('misspelled-key.config.ts')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CONFIG_INVALID');
    expect(run.stderr).toMatch(/databse: expected no key databse/);
    expect(run.stderr).toMatch(/database: expected object, found nothing/);
    expect(await processesLeftBehind(run.marker)).toEqual([]);
  });

  test('a Postgres port already taken: exit 2 naming the port, nothing left running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runCli(['certify', '--config', contract('taken-port.config.ts')], { TENANTPROOF_TEST_PG_PORT: String(port) });
      expect(run.code).toBe(2);
      // One line saying what to change, before anything starts: no vitest dump, no stack.
      expect(run.stderr).toBe(
        `tenantproof: POSTGRES_PORT_IN_USE: embedded Postgres cannot listen on 127.0.0.1:${port}: the port is already in use (free it, or leave database.port unset for a random free port)\n`,
      );
      expect(run.stdout).not.toContain('postgres:');
      expect(await processesLeftBehind(run.marker)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  test('a reports folder that cannot be written: exit 2 with one line naming it and --reports, before anything starts', async () => {
    const blocked = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-blocked-')), 'reports');
    writeFileSync(blocked, 'a file, not a folder');
    const run = startCli(['certify', '--config', REFERENCE_CONFIG, '--only', 'TI-1'], {}, blocked);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(
      /^tenantproof: FOLDER_UNWRITABLE: a file stands where a folder of \S+ should be \(ENOTDIR\): pass --reports <a writable folder>, or fix that folder\n$/,
    );
    expect(run.stdout()).not.toContain('postgres');
    expect(await processesLeftBehind(run.marker)).toEqual([]);
  });
});
