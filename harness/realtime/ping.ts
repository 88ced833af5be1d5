/**
 * Acknowledged messages, the unit every message limit is measured in: the contract's `ping`
 * (padded to an exact size when needed) and its `pong`.
 */
import type { RealtimeContract } from '../config/schema.ts';
import type { FloodStats } from './flood-stats.ts';
import type { RealtimeSocket } from './realtime-socket.ts';
import { isRefusalFrame, type SocketRefusal } from './socket-refusal.ts';

const size = (message: unknown) => Buffer.byteLength(typeof message === 'string' ? message : JSON.stringify(message));

/** Ping number `n` padded so that its encoding is exactly `bytes` long (or as close above as the contract's shape allows). */
export function paddedPing(rt: RealtimeContract, n: number, bytes: number): { message: unknown; bytes: number } {
  const bare = size(rt.ping(n, ''));
  const message = rt.ping(n, 'x'.repeat(Math.max(0, bytes - bare)));
  return { message, bytes: size(message) };
}

/** How many of pings `from`..`from + count - 1` the socket has seen acknowledged. */
export function acknowledged(rt: RealtimeContract, socket: RealtimeSocket, from: number, count: number): number {
  let acked = 0;
  for (let n = from; n < from + count; n++) if (socket.frames.some((f) => rt.pong(f.message, n))) acked += 1;
  return acked;
}

/**
 * Sends `count` pings numbered from `from` without waiting between them (one parallel burst),
 * then waits until each is acknowledged or refused (`refusal`, when the refusal is an error frame),
 * the socket closes, or `timeoutMs` passes. `elapsedMs` is
 * the sending, `settledMs` until the last acknowledgement (what a server-side window sees on a slow machine).
 */
export async function pingBurst(
  rt: RealtimeContract,
  socket: RealtimeSocket,
  count: number,
  options: { from?: number; timeoutMs?: number; stats?: FloodStats; refusal?: SocketRefusal } = {},
): Promise<{ sent: number; acked: number; elapsedMs: number; settledMs: number }> {
  const from = options.from ?? 0;
  const started = Date.now();
  const firstFrame = socket.frames.length;
  let sent = 0;
  for (let n = from; n < from + count; n++) if (socket.send(rt.ping(n, '')) > 0) sent += 1;
  const elapsedMs = Date.now() - started;
  options.stats?.sent(sent);
  const deadline = Date.now() + (options.timeoutMs ?? 1500);
  const refused = () => (options.refusal ? socket.frames.slice(firstFrame).filter((f) => isRefusalFrame(options.refusal!, f.message)).length : 0);
  let acked = acknowledged(rt, socket, from, count);
  let lastAckAt = Date.now();
  while (acked + refused() < sent && !socket.isClosed && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    const now = acknowledged(rt, socket, from, count);
    if (now > acked) lastAckAt = Date.now();
    acked = now;
  }
  return { sent, acked, elapsedMs, settledMs: lastAckAt - started };
}

/**
 * Sends one ping and returns the round-trip time in ms, or undefined when no acknowledgement came
 * (at once on a declared refusal frame, rather than after `timeoutMs`).
 */
export async function pingOnce(
  rt: RealtimeContract,
  socket: RealtimeSocket,
  message: unknown,
  n: number,
  timeoutMs = 1500,
  refusal?: SocketRefusal,
): Promise<number | undefined> {
  const from = socket.frames.length;
  const started = performance.now();
  if (socket.send(message) === 0) return undefined;
  const frame = await socket.waitFor((m) => rt.pong(m, n) || (refusal !== undefined && isRefusalFrame(refusal, m)), timeoutMs, from);
  return frame && rt.pong(frame.message, n) ? performance.now() - started : undefined;
}
