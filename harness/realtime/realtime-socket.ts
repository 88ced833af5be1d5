/**
 * One websocket opened by a probe: whether the upgrade was accepted (or the status it was refused
 * with), every frame received with its arrival time, and how it closed. Refusal is data, never an
 * exception, because a refused socket is what most realtime checks expect.
 */
import WebSocket from 'ws';

/** A received frame: its text and, when it is JSON, the parsed message. */
export interface Frame {
  at: number;
  text: string;
  message: unknown;
}

/** What a probe asks for when opening a socket (credentials already placed). */
export interface SocketRequest {
  /** ws:// or wss:// URL, credentials already in place when they travel in the query. */
  url: string;
  protocols?: string[];
  headers?: Record<string, string>;
  /** Source address, to simulate a distinct client IP on loopback (127.0.0.0/8). */
  localAddress?: string;
  timeoutMs: number;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** A client websocket under test: its upgrade outcome, received frames and close, as data. */
export class RealtimeSocket {
  readonly frames: Frame[] = [];
  /** Whether the upgrade completed (101). */
  opened = false;
  /** The HTTP status of a refused upgrade. */
  status?: number;
  /** A refused upgrade's body excerpt, or the network error that prevented the upgrade. */
  refusal?: string;
  closeCode?: number;
  closeReason?: string;
  readonly #ws: WebSocket;
  readonly #changed = new Set<() => void>();
  #closed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  /** Opens a socket and resolves once it is open, refused, or failed to connect within the timeout. */
  static open(req: SocketRequest): Promise<RealtimeSocket> {
    const ws = new WebSocket(req.url, req.protocols ?? [], {
      headers: req.headers,
      localAddress: req.localAddress,
      handshakeTimeout: req.timeoutMs,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
    });
    const socket = new RealtimeSocket(ws);
    return new Promise((resolve) => {
      ws.on('open', () => {
        socket.opened = true;
        resolve(socket);
      });
      ws.on('unexpected-response', (request, res) => {
        socket.status = res.statusCode;
        let body = '';
        res.on('data', (chunk: Buffer) => (body = (body + chunk.toString('utf8')).slice(0, 400)));
        res.on('close', () => {
          socket.refusal = body;
          socket.#markClosed();
          request.destroy();
          resolve(socket);
        });
      });
      ws.on('error', (err) => {
        if (!socket.opened && socket.status === undefined) {
          socket.refusal = err.message;
          socket.#markClosed();
          resolve(socket);
        }
      });
      ws.on('message', (data) => {
        const text = data.toString('utf8');
        socket.frames.push({ at: Date.now(), text, message: parse(text) });
        socket.#notify();
      });
      ws.on('close', (code, reason) => {
        socket.closeCode = code;
        socket.closeReason = reason.toString('utf8');
        socket.#markClosed();
      });
    });
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Sends a message (JSON unless a string); returns its size in bytes, or 0 when the socket is not open. */
  send(message: unknown): number {
    if (!this.isOpen) return 0;
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.#ws.send(text);
    return Buffer.byteLength(text);
  }

  /** The first frame from index `from` on that matches, waiting up to `timeoutMs`; undefined on timeout or close. */
  async waitFor(match: (message: unknown) => boolean, timeoutMs: number, from = 0): Promise<Frame | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find((f) => match(f.message));
      if (found || this.#closed || Date.now() >= deadline) return found;
      await this.#nextChange(deadline - Date.now());
    }
  }

  /** Waits up to `timeoutMs` for the socket to be closed; true when it is. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed && Date.now() < deadline) await this.#nextChange(deadline - Date.now());
    return this.#closed;
  }

  /** Closes the socket (normal closure), terminating it if the close handshake does not finish quickly. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.isOpen) this.#ws.close(1000);
    if (!(await this.waitClosed(1000))) this.#ws.terminate();
    await this.waitClosed(1000);
  }

  #nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#changed.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.#changed.add(done);
    });
  }

  #notify(): void {
    for (const wake of [...this.#changed]) wake();
  }

  #markClosed(): void {
    this.#closed = true;
    this.#notify();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
