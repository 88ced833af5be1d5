/**
 * Whether a Docker engine answers, decided quickly (a CLI client without an engine is common, e.g.
 * here), so `auto` can choose and the container test can skip with the reason.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';

export async function dockerAvailable(timeoutMs = 2000): Promise<{ ok: boolean; reason: string }> {
  const host = process.env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return { ok: true, reason: `DOCKER_HOST=${host}` };
  const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
  if (!existsSync(socketPath)) return { ok: false, reason: `docker not reachable: ${socketPath} missing` };
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? { ok: true, reason: `docker engine at ${socketPath}` } : { ok: false, reason: `docker ping answered ${res.statusCode}` });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, reason: `docker ping timed out after ${timeoutMs} ms` });
    });
    req.on('error', (e) => resolve({ ok: false, reason: `docker not reachable: ${e.message}` }));
  });
}
