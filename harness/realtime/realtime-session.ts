/**
 * Opens websockets to the target the way its contract says (endpoint path, where the token
 * travels), records each upgrade as evidence, and closes every socket it opened, so no check
 * leaves a socket behind whatever happens in it.
 */
import type { RealtimeContract } from '../config/schema.ts';
import { withCredentials } from '../http/credentials.ts';
import type { ProbeRequest } from '../http/types.ts';
import type { Credentials, SuiteContext } from '../suite/suite-context.ts';
import { RealtimeSocket } from './realtime-socket.ts';

/** How to open one socket: whose credentials, from which simulated client IP, with which headers. */
export interface OpenOptions {
  credentials: Credentials;
  /** Source address simulating a client IP; default the system's choice (127.0.0.1). */
  localAddress?: string;
  /** Extra upgrade headers, such as Origin or X-Forwarded-For. */
  headers?: Record<string, string>;
  label?: string;
  timeoutMs?: number;
}

/** How a subscription attempt ended, with the frame that said so. */
export type SubscribeOutcome = { kind: 'subscribed' | 'refused' | 'closed' | 'no-answer'; text?: string };

const OPEN_TIMEOUT_MS = 3000;

/** The sockets one check opens, placed per contract and all closed by {@link RealtimeSession.close}. */
export class RealtimeSession {
  readonly #sockets = new Set<RealtimeSocket>();

  constructor(
    readonly ctx: SuiteContext,
    readonly invariant: string,
    readonly contract: RealtimeContract,
  ) {}

  /** Opens one socket (or records its refusal); it is closed by {@link close} at the latest. */
  async open(options: OpenOptions): Promise<RealtimeSocket> {
    const { ctx, contract } = this;
    const auth = contract.auth ?? ctx.config.identity.transport;
    const { credentials } = options;
    let token: string | undefined;
    let raw: string | undefined;
    if (credentials !== 'none') {
      if ('actor' in credentials) token = await ctx.token(credentials.actor, credentials.claims, credentials.mint);
      else if ('token' in credentials) token = credentials.token;
      else raw = credentials.raw;
    }
    let req: ProbeRequest = { method: 'GET', path: contract.path, headers: { ...options.headers } };
    let protocols: string[] | undefined;
    if (auth.in === 'header' || auth.in === 'cookie' || auth.in === 'query') req = withCredentials(req, auth, token, raw);
    else if (auth.in === 'subprotocol' && (token ?? raw) !== undefined) protocols = [`${auth.prefix}${token ?? raw}`];

    const url = new URL(contract.path.replace(/^\//, ''), this.#base());
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const socket = await RealtimeSocket.open({
      url: url.href,
      protocols,
      headers: req.headers,
      localAddress: options.localAddress,
      timeoutMs: options.timeoutMs ?? OPEN_TIMEOUT_MS,
    });
    this.#sockets.add(socket);
    if (socket.opened && auth.in === 'message' && (token ?? raw) !== undefined) socket.send(auth.build((token ?? raw)!));
    ctx.evidence.write({
      invariant: this.invariant,
      kind: 'ws',
      label: options.label,
      actor: credentials !== 'none' && 'actor' in credentials ? `${credentials.actor.tenantId}/${credentials.actor.id}` : undefined,
      request: {
        path: contract.path,
        from: options.localAddress ?? 'default',
        headers: options.headers,
        credentials: credentials === 'none' ? 'none' : 'redacted',
      },
      response: socket.opened ? { opened: true } : { opened: false, status: socket.status, excerpt: socket.refusal },
    });
    return socket;
  }

  /** Subscribes `socket` to `topic` and waits for the contract's acknowledgement or refusal. */
  async subscribe(socket: RealtimeSocket, topic: string, timeoutMs = 2000): Promise<SubscribeOutcome> {
    const from = socket.frames.length;
    if (socket.send(this.contract.subscribe(topic)) === 0) return { kind: 'closed' };
    const frame = await socket.waitFor((m) => this.contract.subscribed(m, topic) || this.contract.subscribeRefused(m, topic), timeoutMs, from);
    if (frame) return { kind: this.contract.subscribed(frame.message, topic) ? 'subscribed' : 'refused', text: frame.text };
    return { kind: socket.isClosed ? 'closed' : 'no-answer' };
  }

  /** Closes every socket this session opened. */
  async close(): Promise<void> {
    const sockets = [...this.#sockets];
    this.#sockets.clear();
    await Promise.all(sockets.map((s) => s.close()));
  }

  #base(): URL {
    const base = new URL(this.ctx.handle.baseUrl);
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    return base;
  }
}
