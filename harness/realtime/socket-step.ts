/** Evidence steps for websocket exchanges, in the same shape as HTTP ones so reports need no special case. */
import type { RealtimeContract } from '../config/schema.ts';
import type { Exchange } from '../../reports/verdict.ts';
import type { RealtimeSocket } from './realtime-socket.ts';

/** One step: the upgrade (or a message sent on it) and what came back, a frame or the refusal. */
export function socketStep(rt: RealtimeContract, socket: RealtimeSocket, what: { sent?: unknown; received?: string; note?: string }): Exchange {
  const status = socket.opened ? 101 : (socket.status ?? 0);
  const closed = socket.closeCode !== undefined ? ` [closed ${socket.closeCode}${socket.closeReason ? ` ${socket.closeReason}` : ''}]` : '';
  return {
    request: { method: 'GET (websocket)', path: rt.path, body: what.sent },
    response: { status, excerpt: `${(what.received ?? socket.refusal ?? '').slice(0, 400)}${closed}` },
    note: what.note,
  };
}
