/**
 * RL-3's check that a window declared sliding never resets. A fixed window opened at the first
 * message resets `windowMs` later, so a burst just before the reset and one just after get twice
 * the limit within a fraction of a window; a sliding window still counts the first burst then.
 * One socket: an opening ping, `max - 1` pings a fifth of a window before the reset would fall,
 * then `max` pings a twentieth of a window after it.
 */
import type { UserRecord } from '../provision/world.ts';
import { pingBurst, pingOnce } from './ping.ts';
import type { RealtimeSession } from './realtime-session.ts';
import type { RealtimeSocket } from './realtime-socket.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface WindowReset {
  socket: RealtimeSocket;
  /** Acknowledged of the burst before the would-be reset, and of the one after. */
  before: { sent: number; acked: number };
  after: { sent: number; acked: number };
  /** From the first ping of `before` to the last acknowledgement of `after`. */
  spanMs: number;
}

/** Runs the three sends on a new socket of `user` from `address`, or says why the opening ping got no answer. */
export async function windowReset(session: RealtimeSession, user: UserRecord, address: string, from: number): Promise<WindowReset | string> {
  const rt = session.contract;
  const { max, windowMs } = rt.limits.messages!;
  const refusal = rt.refusals.throttled;
  const socket = await session.open({ credentials: { actor: user }, localAddress: address, label: 'window-reset' });
  const openedAt = Date.now();
  if ((await pingOnce(rt, socket, rt.ping(from, ''), from, 1500, refusal)) === undefined)
    return `the opening message on a fresh socket was not acknowledged (${socket.status ?? socket.closeCode ?? 'no answer'})`;
  const answeredAt = Date.now();
  await sleep(openedAt + windowMs - windowMs / 5 - Date.now());
  const beforeAt = Date.now();
  const before = await pingBurst(rt, socket, max - 1, { from: from + 1, refusal });
  // After the latest moment a window opened by the opening ping can have reset.
  await sleep(answeredAt + windowMs + windowMs / 20 - Date.now());
  const afterAt = Date.now();
  const after = await pingBurst(rt, socket, max, { from: from + max, refusal });
  await socket.close();
  return {
    socket,
    before: { sent: before.sent, acked: before.acked },
    after: { sent: after.sent, acked: after.acked },
    spanMs: afterAt + after.settledMs - beforeAt,
  };
}
