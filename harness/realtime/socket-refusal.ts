/**
 * Whether a socket was refused as the contract declares: an upgrade status, or on an open socket
 * either a close code or, when the contract declares one, an error frame. The two are exclusive:
 * a service that refuses with frames is not judged by how its sockets close, nor the reverse.
 */
import { isDeepStrictEqual } from 'node:util';
import type { RealtimeContract } from '../config/schema.ts';
import type { RealtimeSocket } from './realtime-socket.ts';

/** One declared refusal: upgrade statuses, and close codes or an error frame. */
export type SocketRefusal = RealtimeContract['refusals']['throttled'];

/** Whether `message` is the declared refusal frame (never, when the refusal is by close code). */
export function isRefusalFrame(refusal: SocketRefusal, message: unknown): boolean {
  const { frame } = refusal;
  if (frame === undefined) return false;
  if (typeof frame === 'function') return frame(message) === true;
  if (typeof message !== 'object' || message === null) return false;
  return Object.entries(frame).every(([key, value]) => isDeepStrictEqual((message as Record<string, unknown>)[key], value));
}

/** The declared refusal on an open socket, for messages: `close 4029/1008` or `the declared error frame`. */
export function openRefusal(refusal: SocketRefusal): string {
  return refusal.frame === undefined ? `close ${refusal.closeCodes.join('/')}` : 'the declared error frame';
}

/** Whether the socket has already shown the declared refusal (frames from index `from` on), without waiting. */
export function refusedYet(socket: RealtimeSocket, refusal: SocketRefusal, from = 0): boolean {
  if (refusal.frame !== undefined) return socket.frames.slice(from).some((f) => isRefusalFrame(refusal, f.message));
  return socket.isClosed && refusal.closeCodes.includes(socket.closeCode ?? 0);
}

/**
 * Judges a socket against a declared refusal. An opened socket gets `waitMs` to show it (frames
 * from index `from` on); `how` says what happened, for evidence.
 */
export async function refusalOf(socket: RealtimeSocket, refusal: SocketRefusal, waitMs: number, from = 0): Promise<{ refused: boolean; how: string }> {
  if (!socket.opened) {
    return {
      refused: refusal.statuses.includes(socket.status ?? 0),
      how: socket.status !== undefined ? `upgrade answered ${socket.status}` : `upgrade failed: ${socket.refusal}`,
    };
  }
  if (refusal.frame !== undefined) {
    const frame = await socket.waitFor((m) => isRefusalFrame(refusal, m), waitMs, from);
    if (frame) return { refused: true, how: `opened (101), then refusal frame ${frame.text.slice(0, 120)}` };
    const closed = socket.isClosed ? `closed ${socket.closeCode} without` : `no`;
    return { refused: false, how: `opened (101), ${closed} refusal frame within ${waitMs} ms` };
  }
  if (!(await socket.waitClosed(waitMs))) return { refused: false, how: `opened (101) and stayed open ${waitMs} ms` };
  return { refused: refusal.closeCodes.includes(socket.closeCode ?? 0), how: `opened (101), then closed ${socket.closeCode}` };
}
