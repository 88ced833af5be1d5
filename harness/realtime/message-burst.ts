/**
 * RL-3's unit of attack: one parallel burst of pings from `parallel` fresh sockets of one user
 * (each from its own address, so a per-address limit or ban never explains the count), judged by
 * how many the target acknowledged.
 */
import type { RealtimeContract } from '../config/schema.ts';
import type { UserRecord } from '../provision/world.ts';
import type { AddressPool } from './address-pool.ts';
import { pingBurst } from './ping.ts';
import type { RealtimeSession } from './realtime-session.ts';
import type { RealtimeSocket } from './realtime-socket.ts';

export interface BurstResult {
  sent: number;
  acked: number;
  /** When the first ping went out (ms since the epoch). */
  startedAt: number;
  elapsedMs: number;
  /** Until the last acknowledgement: the span a server-side window saw. */
  settledMs: number;
  sockets: RealtimeSocket[];
  perSocket: Array<{ sent: number; acked: number }>;
  /** The first ping number of each socket's share. */
  share: number;
}

/** Sends `count` pings numbered from `from`, shared over `parallel` new sockets of `user`, all at once; closes the sockets after. */
export async function messageBurst(
  session: RealtimeSession,
  user: UserRecord,
  addresses: AddressPool,
  options: { count: number; parallel: number; from: number; label: string },
): Promise<BurstResult> {
  const rt: RealtimeContract = session.contract;
  const { count, parallel, from } = options;
  const sockets = await Promise.all(
    Array.from({ length: parallel }, (_, i) =>
      session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: `${options.label} ${i + 1}` }),
    ),
  );
  const share = Math.ceil(count / parallel);
  const startedAt = Date.now();
  const results = await Promise.all(sockets.map((socket, i) => pingBurst(rt, socket, share, { from: from + i * share, refusal: rt.refusals.throttled })));
  await Promise.all(sockets.map((s) => s.close()));
  return {
    sent: results.reduce((n, r) => n + r.sent, 0),
    acked: results.reduce((n, r) => n + r.acked, 0),
    startedAt,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    settledMs: Math.max(...results.map((r) => r.settledMs)),
    sockets,
    perSocket: results.map(({ sent, acked }) => ({ sent, acked })),
    share,
  };
}
