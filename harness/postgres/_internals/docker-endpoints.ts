/**
 * Where a Docker engine may listen, in the order testcontainers tries them: `tc.host` from
 * ~/.testcontainers.properties, DOCKER_HOST (or `docker.host`), /var/run/docker.sock, then the
 * rootless and Docker Desktop sockets. Configured endpoints are listed as given; sockets only when
 * the file exists, so a machine without Docker is recognised without touching the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One place a Docker engine may answer, with the TLS settings that go with it. */
export interface DockerEndpoint {
  /** `unix:///path` or `tcp://host:port`, as configured or found. */
  uri: string;
  /** Where it came from, for the reason line. */
  source: string;
  tlsVerify: boolean;
  certPath?: string;
}

function properties(): Record<string, string> {
  try {
    const text = readFileSync(path.join(os.homedir(), '.testcontainers.properties'), 'utf8');
    return Object.fromEntries(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#') && line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]),
    );
  } catch {
    return {};
  }
}

/** Sockets probed when nothing is configured, first the system one. */
export function socketCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    '/var/run/docker.sock',
    ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
    path.join(os.homedir(), '.docker', 'run', 'docker.sock'),
    path.join(os.homedir(), '.docker', 'desktop', 'docker.sock'),
    path.join('/run', 'user', String(os.userInfo().uid), 'docker.sock'),
  ];
}

/** The endpoints worth pinging, in order of preference. */
export function dockerEndpoints(env: NodeJS.ProcessEnv = process.env): DockerEndpoint[] {
  const props = properties();
  const found: DockerEndpoint[] = [];
  const tlsVerify = (env.DOCKER_TLS_VERIFY ?? props['docker.tls.verify']) === '1';
  const certPath = env.DOCKER_CERT_PATH ?? props['docker.cert.path'];
  if (props['tc.host']) found.push({ uri: props['tc.host'], source: 'tc.host in ~/.testcontainers.properties', tlsVerify: false });
  if (env.DOCKER_HOST) found.push({ uri: env.DOCKER_HOST, source: 'DOCKER_HOST', tlsVerify, certPath });
  else if (props['docker.host']) found.push({ uri: props['docker.host'], source: 'docker.host in ~/.testcontainers.properties', tlsVerify, certPath });
  for (const socket of socketCandidates(env)) {
    if (existsSync(socket) && !found.some((e) => e.uri === `unix://${socket}`)) found.push({ uri: `unix://${socket}`, source: socket, tlsVerify: false });
  }
  return found;
}
