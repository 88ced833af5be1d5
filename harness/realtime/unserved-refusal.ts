/**
 * The judgement AUTH-5 and WEB-3 share for a socket that must be refused (a bad token, a foreign
 * origin): its upgrade is refused with a declared status, or, opened, it asks to subscribe to
 * `topic` and is never served (no acknowledgement, no event) and shows the declared refusal.
 */
import type { RealtimeSession } from './realtime-session.ts';
import type { RealtimeSocket } from './realtime-socket.ts';
import { openRefusal, refusalOf, type SocketRefusal } from './socket-refusal.ts';

/** After a refusal frame, how long a subscription answer sent behind it still counts as served. */
const AFTER_FRAME_MS = 100;

/** Why the socket does not count as refused (undefined when it does), and the frame that served it. */
export async function unservedRefusal(
  session: RealtimeSession,
  socket: RealtimeSocket,
  topic: string,
  refusal: SocketRefusal,
  waitMs: number,
): Promise<{ problem?: string; received?: string }> {
  const rt = session.contract;
  if (!socket.opened) {
    if (refusal.statuses.includes(socket.status ?? 0)) return {};
    return { problem: `the upgrade was refused with ${socket.status ?? socket.refusal}, expected ${refusal.statuses.join('/')}` };
  }
  socket.send(rt.subscribe(topic));
  const verdict = await refusalOf(socket, refusal, waitMs);
  if (verdict.refused && socket.isOpen) await socket.waitClosed(AFTER_FRAME_MS);
  const served = socket.frames.find((f) => rt.subscribed(f.message, topic) || rt.event(f.message) !== undefined);
  if (served) return { problem: `the socket was served (${served.text.slice(0, 120)})`, received: served.text };
  if (verdict.refused) return {};
  return { problem: `the socket was not refused as declared (${verdict.how}; expected ${openRefusal(refusal)})` };
}
