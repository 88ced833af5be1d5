/**
 * A loopback HTTP server that publishes a JWK Set and records every request it receives. The real
 * identity provider serves its keys with it; an attacker JWKS (for `jku`/`x5u` forgeries) reuses it
 * unchanged, where any recorded fetch is itself the finding.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { TenantproofError } from '../errors/index.ts';

/** One request the server received, answered or not. */
export interface JwksFetch {
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  method: string;
  /** Path and query string as requested. */
  path: string;
  userAgent: string | undefined;
  /** The status the server answered with. */
  status: number;
}

/** Where and how the server listens and answers. */
export interface JwksServerOptions {
  /** Interface to bind; default `127.0.0.1`, so the keys are never reachable off the machine. */
  host?: string;
  /** Port to bind; default 0 (a free port chosen by the OS). */
  port?: number;
  /** Path the JWK Set is served on; default `/.well-known/jwks.json`; `*` serves it on every path. */
  path?: string;
  /** `Cache-Control` header to send with the set, to mimic a provider's caching hints; default none. */
  cacheControl?: string;
  /** Name used in error messages, e.g. `identity provider` or `attacker JWKS`. */
  name?: string;
  /**
   * A control endpoint, `POST /control` with `authorization: Bearer <secret>` and a JSON body
   * handed to `apply`: how a vitest worker asks the provider in the main process to publish or
   * retire a key (AUTH-4). Control requests are not key fetches, so they are not logged.
   */
  control?: { secret: string; apply: (body: unknown) => void };
}

/** A running JWKS server: where it is, what it serves, who asked. */
export interface StartedJwksServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Full URL of the JWK Set (the origin when `path` is `*`, plus `/jwks.json`). */
  readonly jwksUrl: string;
  readonly port: number;
  /** Replaces the published keys; served verbatim, so pass only what is meant to be public. */
  setKeys(keys: readonly JWK[]): void;
  /** The keys currently published. */
  keys(): JWK[];
  /** How many requests arrived, on any path. */
  fetchCount(): number;
  /** Every request so far, oldest first (a copy). */
  fetchLog(): JwksFetch[];
  /** Closes the server and its kept-alive connections; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_PATH = '/.well-known/jwks.json';
/** Path of the control endpoint (see {@link JwksServerOptions.control}). */
export const CONTROL_PATH = '/control';
const MAX_CONTROL_BYTES = 64 * 1024;

/** Answers a control request: 401 without the secret, 400 on a bad body, 204 once applied. */
function control(options: NonNullable<JwksServerOptions['control']>, req: IncomingMessage, res: ServerResponse): void {
  const expected = Buffer.from(`Bearer ${options.secret}`);
  const given = Buffer.from(req.headers.authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.writeHead(401).end();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_CONTROL_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      if (size > MAX_CONTROL_BYTES) throw new Error('control body too large');
      options.apply(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(204).end();
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
    }
  });
}

/**
 * Starts a JWKS server publishing `keys`. Every request is logged before it is answered, so a
 * caller that sees `fetchCount()` change knows the fetch really reached the server.
 */
export async function startJwksServer(keys: readonly JWK[], options: JwksServerOptions = {}): Promise<StartedJwksServer> {
  const host = options.host ?? '127.0.0.1';
  const servedPath = options.path ?? DEFAULT_PATH;
  const name = options.name ?? 'JWKS server';
  let published: JWK[] = [...keys];
  const log: JwksFetch[] = [];

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    if (options.control && req.method === 'POST' && path === CONTROL_PATH) return void control(options.control, req, res);
    const readable = req.method === 'GET' || req.method === 'HEAD';
    const served = servedPath === '*' || path.split('?')[0] === servedPath;
    const status = !readable ? 405 : served ? 200 : 404;
    // Logged before answering: once a client has its response, the log already shows the fetch.
    log.push({ at: Date.now(), method: req.method ?? 'GET', path, userAgent: req.headers['user-agent'], status });
    if (status !== 200) {
      res.writeHead(status, status === 405 ? { allow: 'GET, HEAD' } : {}).end();
      return;
    }
    const body = JSON.stringify({ keys: published });
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(options.cacheControl ? { 'cache-control': options.cacheControl } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new TenantproofError('JWKS_LISTEN_FAILED', `${name} could not listen on ${host}:${options.port ?? 0}: ${err.message}`, { cause: err })),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Fetchers such as undici keep connections alive; close() alone would wait for them.
      server.closeAllConnections();
    }));

  return {
    url,
    jwksUrl: url + (servedPath === '*' ? '/jwks.json' : servedPath),
    port,
    setKeys: (next) => {
      published = [...next];
    },
    keys: () => [...published],
    fetchCount: () => log.length,
    fetchLog: () => log.map((entry) => ({ ...entry })),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
