import { Pool } from 'undici';
import { probeResponse } from './probe-response.ts';
import type { ProbeRequest, ProbeResponse } from './types.ts';

/** Bodies past this size are cut: enough to find any canary a realistic API returns. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * Sends probes to the target over kept-alive loopback connections. One client per base URL;
 * it never follows redirects or retries, because a check must see exactly what the target said.
 */
export class HttpClient {
  readonly #pool: Pool;
  readonly #base: URL;

  /** `localAddress` binds the client's sockets to one source address (a simulated client IP on loopback). */
  constructor(baseUrl: string, connections = 8, localAddress?: string) {
    this.#base = new URL(baseUrl);
    this.#pool = new Pool(this.#base.origin, { connections, pipelining: 1, keepAliveTimeout: 10_000, connect: localAddress ? { localAddress } : undefined });
  }

  /** Sends one request and reads the whole (capped) response. */
  async send(req: ProbeRequest): Promise<ProbeResponse> {
    const url = new URL(req.path.replace(/^\//, ''), this.#base.href.endsWith('/') ? this.#base : `${this.#base.href}/`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      if (typeof req.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const res = await this.#pool.request({
      method: req.method.toUpperCase() as 'GET',
      path: `${url.pathname}${url.search}`,
      headers,
      body,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      if (size < MAX_BODY_BYTES) chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return probeResponse(res.statusCode, res.headers, Buffer.concat(chunks).toString('utf8'));
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
