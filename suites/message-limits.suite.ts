/**
 * RL family, the message limit: RL-3 messages per window are capped, counted atomically (a
 * parallel burst, from parallel sockets of one user when the budget is the user's) and judged by
 * the declared window kind. A fixed window may give a burst that straddles its reset up to twice
 * the limit, so there a burst over the limit is judged again half a window later, where no reset
 * can fall inside it; a sliding window never resets, so there a burst either side of where a
 * fixed one would reset must not get more than the limit between them.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import fc from 'fast-check';
import type { Violation } from '../reports/verdict.ts';
import { Unprovable } from '../harness/checks/check-property.ts';
import { messageBurst, type BurstResult } from '../harness/realtime/message-burst.ts';
import { pingOnce } from '../harness/realtime/ping.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { windowReset } from '../harness/realtime/window-reset.ts';
import { actorOf, limitUser, REALTIME_LIMIT, realtimeCheck, sleep } from '../harness/realtime/realtime-check.ts';

export const rl3 = defineInvariant({
  id: 'RL-3',
  title: 'Messages per window are capped atomically',
  description:
    'a parallel burst of up to 2x the message limit (from parallel sockets of one user when the limit is per user) gets at most the limit acknowledged (under a fixed window, in a burst no reset can fall inside); a sliding window does not reset',
  ...REALTIME_LIMIT,
  run: (ctx) =>
    realtimeCheck<number>(
      ctx,
      'RL-3',
      33,
      (rt) => (rt.limits.messages ? undefined : 'the contract declares no realtime.limits.messages'),
      (ctx, rt, session, addresses) => {
        const { max, windowMs, per, window } = rt.limits.messages!;
        const user = limitUser(ctx, 33);
        // Within the declared socket cap, so the burst is never refused for RL-2's reason.
        const parallel = per === 'user' ? Math.max(1, Math.min(4, (rt.limits.concurrentPerUser ?? 4) - 1)) : 1;
        // A fixed window's reset can fall in a burst as long as half a window, and then in the next one too.
        const longest = window === 'fixed' ? windowMs / 2 : windowMs;
        let lastBurstAt = 0;
        const details: Record<string, unknown> = { limit: max, windowMs, per, window, sockets: parallel };
        const burst = async (count: number, from: number, label: string): Promise<BurstResult> => {
          const result = await messageBurst(session, user, addresses, { count, parallel, from, label });
          lastBurstAt = Date.now();
          details[label] = { sent: result.sent, acked: result.acked, elapsedMs: result.elapsedMs, settledMs: result.settledMs };
          if (result.acked > max && result.settledMs >= longest)
            throw new Unprovable(`a burst of ${result.sent} messages took ${result.settledMs} ms to send and answer, longer than ${longest} ms`);
          return result;
        };
        const overrun = (b: BurstResult, also = ''): Violation => ({
          invariant: 'RL-3',
          message: `${b.sent} messages sent in one burst (${b.elapsedMs} ms${parallel > 1 ? `, over ${parallel} sockets of one user` : ''}), ${b.acked} acknowledged, limit ${max} per ${windowMs / 1000} s per ${per}${also}`,
          actor: actorOf(user),
          steps: b.sockets.map((socket, i) =>
            socketStep(rt, socket, {
              sent: rt.ping(i * b.share, ''),
              received: socket.frames.at(-1)?.text,
              note: `${b.perSocket[i]!.acked} of ${b.perSocket[i]!.sent} pings acknowledged`,
            }),
          ),
        });
        return {
          arbitrary: fc.noShrink(fc.integer({ min: max + 1, max: max * 2 })),
          numRuns: 1,
          async control() {
            // A case after another (a corpus replay first) waits out the window the previous burst spent.
            await sleep(lastBurstAt + windowMs + 100 - Date.now());
            const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'control' });
            const rtt = await pingOnce(rt, socket, rt.ping(0, ''), 0);
            await socket.close();
            return rtt === undefined
              ? `a single message on a fresh socket was not acknowledged (${socket.status ?? socket.closeCode ?? 'no answer'})`
              : undefined;
          },
          async probe(count) {
            const first = await burst(count, 0, 'burst');
            if (window === 'fixed') {
              if (first.acked <= max) return undefined;
              // Half a window out of phase with the first burst: if a reset fell inside that one, none falls inside this.
              await sleep(first.startedAt + windowMs * 1.5 - Date.now());
              const again = await burst(count, 10_000, 'again');
              if (again.acked <= max) return undefined;
              return overrun(again, ` (fixed window; a burst ${Math.round(again.startedAt - first.startedAt)} ms earlier got ${first.acked})`);
            }
            if (first.acked > max) return overrun(first);
            // The burst's budget back, then the reset check.
            await sleep(lastBurstAt + windowMs + 100 - Date.now());
            const reset = await windowReset(session, user, addresses.next(), 20_000);
            lastBurstAt = Date.now();
            if (typeof reset === 'string') throw new Unprovable(reset);
            const acked = reset.before.acked + reset.after.acked;
            details['windowReset'] = { before: reset.before, after: reset.after, spanMs: reset.spanMs };
            if (acked <= max) return undefined;
            if (reset.spanMs >= windowMs)
              throw new Unprovable(`the messages either side of a would-be reset took ${reset.spanMs} ms, longer than the ${windowMs} ms window`);
            return {
              invariant: 'RL-3',
              message: `the declared sliding window reset: ${reset.before.acked} messages acknowledged, then ${reset.after.acked} more, all within ${reset.spanMs} ms (${acked} in under one window, limit ${max} per ${windowMs / 1000} s per ${per})`,
              actor: actorOf(user),
              steps: [
                socketStep(rt, reset.socket, { received: reset.socket.frames.at(-1)?.text, note: `${acked} pings acknowledged within ${reset.spanMs} ms` }),
              ],
              labels: { variant: 'window-reset' },
            };
          },
          details: () => details,
        };
      },
    ),
});
