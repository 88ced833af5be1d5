/**
 * Whether a Docker engine answers, decided within a time budget: a Docker CLI without an engine
 * is common (as on the machine this was written on), so `auto` must choose quickly and the
 * container tests must be able to skip with the reason.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { dockerEndpoints, socketCandidates, type DockerEndpoint } from './_internals/docker-endpoints.ts';

/** The answer of {@link dockerAvailable}: `reason` says which engine answered, or why none did. */
export interface DockerAvailability {
  ok: boolean;
  reason: string;
}

function ping(endpoint: DockerEndpoint, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const done = (res: http.IncomingMessage) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `${endpoint.uri} answered /_ping with ${res.statusCode}`);
    };
    const fail = (err: Error) => resolve(signal.aborted ? `${endpoint.uri} did not answer within ${timeoutMs} ms` : `${endpoint.uri}: ${err.message}`);
    let url: URL;
    try {
      url = new URL(endpoint.uri);
    } catch {
      return resolve(`${endpoint.source} is not a URL: ${endpoint.uri}`);
    }
    if (url.protocol === 'unix:') {
      http.get({ socketPath: url.pathname, path: '/_ping', signal }, done).on('error', fail);
    } else if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
      const port = Number(url.port || (endpoint.tlsVerify ? 2376 : 2375));
      if (endpoint.tlsVerify || url.protocol === 'https:') {
        let tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
        try {
          if (endpoint.certPath) tls = Object.fromEntries(['ca', 'cert', 'key'].map((k) => [k, readFileSync(path.join(endpoint.certPath!, `${k}.pem`))]));
        } catch (err) {
          return resolve(`${endpoint.uri}: cannot read TLS files in ${endpoint.certPath}: ${(err as Error).message}`);
        }
        https.get({ host: url.hostname, port, path: '/_ping', signal, ...tls }, done).on('error', fail);
      } else {
        http.get({ host: url.hostname, port, path: '/_ping', signal }, done).on('error', fail);
      }
    } else {
      resolve(`${endpoint.uri}: ${url.protocol} endpoints are not probed`);
    }
  });
}

/**
 * Finds the Docker engine testcontainers would use (same places, same order) and pings it,
 * within `timeoutMs` in total (default 2 s); never throws.
 */
export async function dockerAvailable(timeoutMs = 2_000): Promise<DockerAvailability> {
  const endpoints = dockerEndpoints();
  if (endpoints.length === 0) {
    return { ok: false, reason: `docker not reachable: ${socketCandidates()[0]} missing, DOCKER_HOST unset, no rootless socket` };
  }
  const deadline = Date.now() + timeoutMs;
  const failures: string[] = [];
  for (const endpoint of endpoints) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const failure = await ping(endpoint, left);
    if (failure === undefined) return { ok: true, reason: `docker engine at ${endpoint.uri} (${endpoint.source})` };
    failures.push(failure);
  }
  return { ok: false, reason: `docker not reachable: ${failures.join('; ') || `no answer within ${timeoutMs} ms`}` };
}
