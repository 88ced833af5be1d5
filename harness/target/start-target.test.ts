import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TargetStartError } from '../errors/index.ts';
import { freePort } from './free-port.ts';
import { isRunning } from './_internals/process-group.ts';
import { startTarget, type StartedTarget, type StartTargetOptions } from './start-target.ts';

let dir: string;
const started: StartedTarget[] = [];

/** Writes a throwaway ES module script and returns its path. */
function script(name: string, source: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

async function options(file: string, extra: Partial<StartTargetOptions> = {}): Promise<StartTargetOptions> {
  const port = await freePort();
  return {
    command: [process.execPath, file],
    cwd: dir,
    env: { PORT: String(port) },
    health: { url: `http://127.0.0.1:${port}/health` },
    startTimeoutMs: 20_000,
    ...extra,
  };
}

async function startFailure(opts: StartTargetOptions): Promise<TargetStartError> {
  const err = await startTarget(opts).then(
    (target) => {
      started.push(target);
      throw new Error('expected startTarget to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetStartError);
  return err as TargetStartError;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tenantproof-target-'));
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startTarget', () => {
  it('starts a healthy server and stop() kills it and a grandchild that ignores SIGTERM', async () => {
    const file = script(
      'healthy.mjs',
      `import { createServer } from 'node:http';
       import { spawn } from 'node:child_process';
       const grandchild = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
       console.log('grandchild ' + grandchild.pid);
       console.error('listening on ' + process.env.PORT);
       createServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`,
    );
    const logFile = path.join(dir, 'logs', 'nested', 'healthy.log');
    const seen: string[] = [];
    const target = await startTarget(await options(file, { name: 'healthy', logFile, log: (l) => seen.push(l), stopTimeoutMs: 300 }));
    started.push(target);

    const grandchild = Number(
      target
        .lastLines()
        .find((l) => l.startsWith('grandchild '))
        ?.split(' ')[1],
    );
    expect(grandchild).toBeGreaterThan(0);
    expect(isRunning(target.pid)).toBe(true);
    expect(isRunning(grandchild)).toBe(true);
    expect(target.lastLines(200)).toEqual(expect.arrayContaining([expect.stringMatching(/^listening on \d+$/)]));

    await Promise.all([target.stop(), target.stop()]);
    expect(isRunning(target.pid)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
    await expect(target.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(readFileSync(logFile, 'utf8')).toContain(`grandchild ${grandchild}\n`);
    expect(seen).toContain(`grandchild ${grandchild}`);
  });

  it('reports TARGET_EXITED with the exit code and last lines as soon as the target dies', async () => {
    const file = script(
      'crash.mjs',
      `for (let i = 1; i <= 50; i++) console.log('boot step ' + i);
       console.error('fatal: database unreachable');
       process.exit(3);`,
    );
    // The timeout is long on purpose: failing with TARGET_EXITED (not UNHEALTHY) proves we did not wait for it.
    const err = await startFailure(await options(file, { name: 'crasher', startTimeoutMs: 30_000 }));
    expect(err.code).toBe('TARGET_EXITED');
    expect(err.message).toContain('target "crasher" exited with code 3 before http://127.0.0.1:');
    expect(err.message).toContain('fatal: database unreachable');
    expect(err.message).toContain('boot step 50');
    expect(err.lastLines).toHaveLength(40);
    expect(err.message).not.toContain('boot step 1\n');
  });

  it('reports TARGET_UNHEALTHY with the last response and kills the target', async () => {
    const file = script(
      'unhealthy.mjs',
      `import { createServer } from 'node:http';
       console.log('pid ' + process.pid);
       createServer((req, res) => res.writeHead(503).end('starting')).listen(Number(process.env.PORT), '127.0.0.1');`,
    );
    const err = await startFailure(await options(file, { name: 'sulky', startTimeoutMs: 600, stopTimeoutMs: 300 }));
    expect(err.code).toBe('TARGET_UNHEALTHY');
    expect(err.message).toMatch(/target "sulky" did not answer 2xx on http:\/\/127\.0\.0\.1:\d+\/health within 600 ms \(last response: HTTP 503: starting\)/);
    const pid = Number(err.lastLines.find((l) => l.startsWith('pid '))?.split(' ')[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
  });

  it('polls with the declared method and waits for the answer the contract calls healthy', async () => {
    // 200 {"status":"starting"} on the first polls, then ok; GET is not served at all.
    const file = script(
      'warming.mjs',
      `import { createServer } from 'node:http';
       let polls = 0;
       createServer((req, res) => {
         if (req.method !== 'POST') return res.writeHead(405).end();
         polls++;
         res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: polls < 3 ? 'starting' : 'ok', polls }));
       }).listen(Number(process.env.PORT), '127.0.0.1');`,
    );
    const base = await options(file);
    const ok = (res: { json: unknown }) => (res.json as { status?: string }).status === 'ok';
    const target = await startTarget({ ...base, health: { ...base.health, method: 'POST', accepts: ok, description: 'status ok' } });
    started.push(target);
    const res = await fetch(base.health.url, { method: 'POST' });
    expect(((await res.json()) as { polls: number }).polls).toBeGreaterThan(3);
  });

  it('names the method, the healthy answer and what the target said when it never says it', async () => {
    const file = script(
      'degraded.mjs',
      `import { createServer } from 'node:http';
       createServer((req, res) => res.writeHead(200).end('degraded')).listen(Number(process.env.PORT), '127.0.0.1');`,
    );
    const base = await options(file, { startTimeoutMs: 600, stopTimeoutMs: 300 });
    const err = await startFailure({ ...base, health: { ...base.health, method: 'HEAD', accepts: (r) => r.status === 204, description: 'status in [204]' } });
    expect(err.code).toBe('TARGET_UNHEALTHY');
    expect(err.message).toMatch(/did not answer status in \[204\] on HEAD http:\/\/127\.0\.0\.1:\d+\/health within 600 ms \(last response: HTTP 200\)/);
  });

  it('reports TARGET_UNHEALTHY with the connection error when nothing listens', async () => {
    const file = script('silent.mjs', `setInterval(() => {}, 1000);`);
    const err = await startFailure(await options(file, { startTimeoutMs: 300 }));
    expect(err.code).toBe('TARGET_UNHEALTHY');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('reports TARGET_SPAWN_FAILED naming a missing command', async () => {
    const err = await startFailure(await options('unused', { command: ['tenantproof-no-such-binary', '--serve'] }));
    expect(err.code).toBe('TARGET_SPAWN_FAILED');
    expect(err.message).toContain('tenantproof-no-such-binary --serve');
    expect(err.message).toContain('ENOENT');
  });

  it('reports TARGET_SPAWN_FAILED naming a missing working directory', async () => {
    const err = await startFailure(await options('unused', { cwd: path.join(dir, 'nope') }));
    expect(err.code).toBe('TARGET_SPAWN_FAILED');
    expect(err.message).toContain(path.join(dir, 'nope'));
  });

  it('refuses malformed options before spawning', async () => {
    await expect(startTarget({ ...(await options('unused')), command: [] })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('command'),
    });
  });
});
