import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketCandidates } from './_internals/docker-endpoints.ts';
import { dockerAvailable } from './docker-available.ts';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function listen(server: net.Server, where: string | number): Promise<void> {
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return new Promise((resolve) => (typeof where === 'string' ? server.listen(where, resolve) : server.listen(where, '127.0.0.1', resolve)));
}

function socketPath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-docker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'docker.sock');
}

/** A fake engine that answers /_ping like dockerd. */
const fakeEngine = () => http.createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK'));

describe('dockerAvailable', () => {
  it('finds an engine on the unix socket DOCKER_HOST names', async () => {
    const socket = socketPath();
    await listen(fakeEngine(), socket);
    vi.stubEnv('DOCKER_HOST', `unix://${socket}`);
    expect(await dockerAvailable()).toEqual({ ok: true, reason: `docker engine at unix://${socket} (DOCKER_HOST)` });
  });

  it('finds an engine on a tcp DOCKER_HOST', async () => {
    const engine = fakeEngine();
    await listen(engine, 0);
    const port = (engine.address() as net.AddressInfo).port;
    vi.stubEnv('DOCKER_HOST', `tcp://127.0.0.1:${port}`);
    vi.stubEnv('DOCKER_TLS_VERIFY', '');
    expect(await dockerAvailable()).toMatchObject({ ok: true });
  });

  it('gives up on an engine that accepts but never answers, within the budget', async () => {
    const socket = socketPath();
    const silent = net.createServer((connection) => {
      cleanups.push(() => void connection.destroy());
    });
    await listen(silent, socket);
    vi.stubEnv('DOCKER_HOST', `unix://${socket}`);
    expect(await dockerAvailable(300)).toEqual({ ok: false, reason: `docker not reachable: unix://${socket} did not answer within 300 ms` });
  });

  it('says why when DOCKER_HOST points at nothing, without throwing', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock');
    const result = await dockerAvailable();
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^docker not reachable: unix:\/\/\/nonexistent\/docker\.sock: .*ENOENT/);
  });

  it.skipIf(socketCandidates().some((socket) => existsSync(socket)))('without DOCKER_HOST or a socket, names the missing socket', async () => {
    vi.stubEnv('DOCKER_HOST', '');
    const home = mkdtempSync(path.join(os.tmpdir(), 'tp-home-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    vi.stubEnv('HOME', home);
    expect(await dockerAvailable()).toEqual({ ok: false, reason: 'docker not reachable: /var/run/docker.sock missing, DOCKER_HOST unset, no rootless socket' });
  });
});
