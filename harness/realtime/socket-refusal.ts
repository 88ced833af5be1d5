/** Whether a socket was refused as the contract declares: an upgrade status, or a close code soon after opening. */
import type { RealtimeContract } from '../config/schema.ts';
import type { RealtimeSocket } from './realtime-socket.ts';

/** One declared refusal: upgrade statuses and close codes. */
export type SocketRefusal = RealtimeContract['refusals']['throttled'];

/**
 * Judges a socket against a declared refusal. An opened socket gets `waitMs` to be closed with a
 * declared code; `how` says what happened, for evidence.
 */
export async function refusalOf(socket: RealtimeSocket, refusal: SocketRefusal, waitMs: number): Promise<{ refused: boolean; how: string }> {
  if (!socket.opened) {
    return {
      refused: refusal.statuses.includes(socket.status ?? 0),
      how: socket.status !== undefined ? `upgrade answered ${socket.status}` : `upgrade failed: ${socket.refusal}`,
    };
  }
  if (!(await socket.waitClosed(waitMs))) return { refused: false, how: `opened (101) and stayed open ${waitMs} ms` };
  return { refused: refusal.closeCodes.includes(socket.closeCode ?? 0), how: `opened (101), then closed ${socket.closeCode}` };
}
