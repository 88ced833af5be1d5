/**
 * A run that cannot happen must say why, exit 2 and leave nothing running: a target that crashes
 * at start, a misspelled config key, and a Postgres port that is already taken.
 */
import net from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { processesLeftBehind, ROOT, runCli } from './support/cli.ts';

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
      expect(run.stdout + run.stderr).toContain('POSTGRES_PORT_IN_USE');
      expect(run.stdout + run.stderr).toContain(String(port));
      expect(await processesLeftBehind(run.marker)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
