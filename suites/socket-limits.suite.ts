/**
 * RL family, per-socket and per-address limits: RL-1 connections per IP per window (separate IPs
 * separate budgets; rotating forwarded-for headers lift nothing), RL-2 concurrent sockets per
 * user, RL-4 message size, RL-5 bans (RL-3, the message limit, has its own file). Each
 * simulated client IP is its own loopback source address (never 127.0.0.1), so bans and spent
 * budgets never reach the other checks.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import fc from 'fast-check';
import type { Violation } from '../reports/verdict.ts';
import { paddedPing, pingOnce } from '../harness/realtime/ping.ts';
import type { RealtimeSocket } from '../harness/realtime/realtime-socket.ts';
import { openRefusal, refusalOf, refusedYet } from '../harness/realtime/socket-refusal.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';

import { actorOf, CLOSE_WAIT_MS, limitUser, REALTIME_LIMIT, realtimeCheck, sleep } from '../harness/realtime/realtime-check.ts';

/** Headers a naive limiter takes the client IP from; rotated unless the contract trusts them. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip'];
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export const rl1 = defineInvariant({
  id: 'RL-1',
  title: 'Websocket connections per IP are capped',
  description:
    "the (max+1)th connection from one loopback address within the window is refused, also when rotating X-Forwarded-For and similar headers; another address's budget is untouched",
  ...REALTIME_LIMIT,
  run: (ctx) =>
    realtimeCheck<string[]>(
      ctx,
      'RL-1',
      31,
      (rt) => (rt.limits.connectionsPerIp ? undefined : 'the contract declares no realtime.limits.connectionsPerIp'),
      (ctx, rt, session, addresses) => {
        const { max, windowMs } = rt.limits.connectionsPerIp!;
        const trusted = rt.trustedProxyHeaders.map((h) => h.toLowerCase());
        const rotated = FORWARDED_HEADERS.filter((h) => !trusted.includes(h));
        const users = ctx.world.users;
        type Burst = {
          address: string;
          elapsedMs: number;
          openedBefore: number;
          last: { refused: boolean; how: string };
          socket: RealtimeSocket;
          headers?: Record<string, string>;
        };
        let plain: Burst | undefined;
        let rotating: Burst | undefined;
        const details: Record<string, unknown> = {};

        // max+1 connections opened one after another from one address, each closed at once so the
        // per-user cap never interferes; only the last one is judged.
        const burst = async (address: string, headersFor: (i: number) => Record<string, string> | undefined): Promise<Burst> => {
          const started = Date.now();
          let openedBefore = 0;
          for (let i = 0; i < max; i++) {
            const socket = await session.open({
              credentials: { actor: users[i % users.length]! },
              localAddress: address,
              headers: headersFor(i),
              label: `connection ${i + 1}`,
            });
            if (socket.opened) openedBefore += 1;
            await socket.close();
          }
          const headers = headersFor(max);
          const socket = await session.open({
            credentials: { actor: users[max % users.length]! },
            localAddress: address,
            headers,
            label: `connection ${max + 1}`,
          });
          const elapsedMs = Date.now() - started;
          const last = await refusalOf(socket, rt.refusals.throttled, CLOSE_WAIT_MS);
          await socket.close();
          return { address, elapsedMs, openedBefore, last, socket, headers };
        };

        return {
          arbitrary: fc.noShrink(fc.array(fc.ipV4(), { minLength: max + 1, maxLength: max + 1 })),
          numRuns: 1,
          async control(spoofed) {
            plain = await burst(addresses.next(), () => undefined);
            rotating = rotated.length ? await burst(addresses.next(), (i) => Object.fromEntries(rotated.map((h) => [h, spoofed[i]!]))) : undefined;
            details['plain'] = {
              address: plain.address,
              attempts: max + 1,
              openedBeforeLast: plain.openedBefore,
              last: plain.last.how,
              elapsedMs: plain.elapsedMs,
            };
            if (rotating)
              details['rotatingForwardedFor'] = {
                address: rotating.address,
                headers: rotated,
                attempts: max + 1,
                openedBeforeLast: rotating.openedBefore,
                last: rotating.last.how,
                elapsedMs: rotating.elapsedMs,
              };
            for (const b of [plain, rotating]) {
              if (!b) continue;
              if (b.openedBefore < max)
                return `only ${b.openedBefore} of the first ${max} connections from ${b.address} opened (limit ${max}), so the cap could not be reached`;
              if (b.elapsedMs >= windowMs) return `${max + 1} connections from ${b.address} took ${b.elapsedMs} ms, longer than the ${windowMs} ms window`;
            }
            return undefined;
          },
          async probe() {
            const problems: string[] = [];
            const steps: Violation['steps'] = [];
            for (const b of [plain!, rotating]) {
              if (!b || b.last.refused) continue;
              const how = b.headers ? `, each with a different ${rotated.join('/')} (last ${b.headers[rotated[0]!]})` : '';
              problems.push(
                `${ordinal(max + 1)} connection from ${b.address} within ${(b.elapsedMs / 1000).toFixed(2)} s${how} accepted (${b.last.how}), limit ${max} per ${windowMs / 1000} s`,
              );
              steps.push(socketStep(rt, b.socket, { note: `connection ${max + 1} from ${b.address}` }));
            }
            // Right after one IP spent its budget, another IP's first connection must open.
            const other = addresses.next();
            const fresh = await session.open({ credentials: { actor: users[0]! }, localAddress: other, label: 'other-ip' });
            const freshRefusal = await refusalOf(fresh, rt.refusals.throttled, CLOSE_WAIT_MS);
            await fresh.close();
            details['otherIp'] = { address: other, outcome: freshRefusal.how };
            if (!fresh.opened || freshRefusal.refused) {
              problems.push(
                `the first connection from ${other} was refused (${freshRefusal.how}) right after ${plain!.address} spent its budget: budgets are not per IP`,
              );
              steps.push(socketStep(rt, fresh, { note: `first connection from ${other}` }));
            }
            if (problems.length === 0) return undefined;
            return { invariant: 'RL-1', message: problems.join('; '), steps, labels: { limit: `${max}/${windowMs}ms` } };
          },
          details: () => details,
        };
      },
    ),
});

export const rl2 = defineInvariant({
  id: 'RL-2',
  title: 'Concurrent sockets per user are capped',
  description: 'of max+1 simultaneous sockets of one user, at most max open',
  ...REALTIME_LIMIT,
  run: (ctx) =>
    realtimeCheck<number>(
      ctx,
      'RL-2',
      32,
      (rt) => (rt.limits.concurrentPerUser ? undefined : 'the contract declares no realtime.limits.concurrentPerUser'),
      (ctx, rt, session, addresses) => {
        const max = rt.limits.concurrentPerUser!;
        let sockets: Array<{ socket: RealtimeSocket; refused: boolean; how: string }> = [];
        const details: Record<string, unknown> = {};
        return {
          arbitrary: fc.noShrink(fc.nat({ max: ctx.world.users.length - 1 })),
          numRuns: 1,
          async control(actor) {
            const user = ctx.world.users[actor]!;
            // All at once, each from its own address: a check-then-increment race would let more through.
            const opened = await Promise.all(
              Array.from({ length: max + 1 }, (_, i) =>
                session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: `socket ${i + 1}` }),
              ),
            );
            sockets = await Promise.all(opened.map(async (socket) => ({ socket, ...(await refusalOf(socket, rt.refusals.throttled, CLOSE_WAIT_MS)) })));
            const accepted = sockets.filter((s) => !s.refused).length;
            details['attempted'] = max + 1;
            details['accepted'] = accepted;
            if (accepted < max) return `only ${accepted} of ${max + 1} simultaneous sockets of one user opened (limit ${max}), so the cap could not be reached`;
            return undefined;
          },
          async probe(actor) {
            const user = ctx.world.users[actor]!;
            const accepted = sockets.filter((s) => !s.refused);
            await session.close();
            if (accepted.length <= max) return undefined;
            return {
              invariant: 'RL-2',
              message: `${accepted.length} simultaneous sockets of user ${user.index} (tenant ${user.tenantIndex}) accepted, limit ${max}`,
              actor: actorOf(user),
              steps: accepted.slice(max).map((s) => socketStep(rt, s.socket, { note: s.how })),
            };
          },
          details: () => details,
        };
      },
    ),
});

export const rl4 = defineInvariant({
  id: 'RL-4',
  title: 'Oversized messages are refused',
  description: 'a message of the declared size is processed, a larger one is refused (1009 or as declared) and never answered',
  ...REALTIME_LIMIT,
  run: (ctx) =>
    realtimeCheck<number>(
      ctx,
      'RL-4',
      34,
      (rt) => (rt.limits.maxMessageBytes ? undefined : 'the contract declares no realtime.limits.maxMessageBytes'),
      (ctx, rt, session, addresses) => {
        const limit = rt.limits.maxMessageBytes!;
        const user = limitUser(ctx, 34);
        const details: Record<string, unknown> = { limit };
        return {
          arbitrary: fc.noShrink(fc.integer({ min: limit + 1, max: limit * 4 })),
          examples: [limit + 1],
          numRuns: 1,
          async control() {
            const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'control' });
            const { message, bytes } = paddedPing(rt, 1, limit);
            const rtt = await pingOnce(rt, socket, message, 1);
            await socket.close();
            details['largestAllowed'] = { bytes, acknowledged: rtt !== undefined };
            return rtt === undefined ? `a ${bytes}-byte message (limit ${limit}) was not acknowledged (${socket.closeCode ?? 'no answer'})` : undefined;
          },
          async probe(size) {
            const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'oversized' });
            const { message, bytes } = paddedPing(rt, 2, size);
            const from = socket.frames.length;
            const rtt = await pingOnce(rt, socket, message, 2, 1000, rt.refusals.tooLarge);
            const refusal = await refusalOf(socket, rt.refusals.tooLarge, 1000, from);
            await socket.close();
            const problem =
              rtt !== undefined
                ? 'was acknowledged (processed)'
                : !refusal.refused
                  ? `was not refused as declared (${refusal.how}, expected ${openRefusal(rt.refusals.tooLarge)})`
                  : undefined;
            if (!problem) return undefined;
            return {
              invariant: 'RL-4',
              message: `a ${bytes}-byte message (limit ${limit}) ${problem}`,
              actor: actorOf(user),
              steps: [socketStep(rt, socket, { sent: `ping padded to ${bytes} bytes`, received: socket.frames.at(-1)?.text, note: refusal.how })],
            };
          },
          details: () => details,
        };
      },
    ),
});

export const rl5 = defineInvariant({
  id: 'RL-5',
  title: 'Repeated violations lead to the declared ban',
  description: 'after the declared number of violations, new sockets from that address are refused, and accepted again once the ban ends',
  ...REALTIME_LIMIT,
  cwe: 'CWE-799',
  run: (ctx) =>
    realtimeCheck<number>(
      ctx,
      'RL-5',
      35,
      (rt) =>
        !rt.limits.ban
          ? 'the contract declares no realtime.limits.ban'
          : !rt.limits.messages
            ? 'RL-5 provokes violations by exceeding the message limit: declare realtime.limits.messages'
            : undefined,
      (ctx, rt, session, addresses) => {
        const ban = rt.limits.ban!;
        const messages = rt.limits.messages!;
        let address = '';
        let lastViolationAt = 0;
        const details: Record<string, unknown> = { ban };
        return {
          arbitrary: fc.noShrink(fc.nat({ max: ctx.world.users.length - 1 })),
          numRuns: 1,
          async control(actor) {
            const user = ctx.world.users[actor]!;
            // Each case its own address: a case after another (a corpus replay first) would find
            // the connections and the ban of the one before still counted against it.
            address = addresses.next();
            details['address'] = address;
            const overruns: string[] = [];
            for (let i = 0; i < ban.after; i++) {
              const socket = await session.open({ credentials: { actor: user }, localAddress: address, label: `overrun ${i + 1}` });
              if (!socket.opened) return `socket ${i + 1} from ${address} was refused (${socket.status}) before ${ban.after} violations were made`;
              // One message at a time, each acknowledged before the next: an overrun any limiter sees.
              let sent = 0;
              let acked = 0;
              const throttled = rt.refusals.throttled;
              for (let n = i * 1000; sent < messages.max + 5 && socket.isOpen && !refusedYet(socket, throttled); n++, sent++)
                if ((await pingOnce(rt, socket, rt.ping(n, ''), n, 1000, throttled)) !== undefined) acked += 1;
              const refusal = await refusalOf(socket, throttled, 1000);
              await socket.close();
              overruns.push(`${sent} sent, ${acked} acknowledged, ${refusal.how}`);
              if (!refusal.refused)
                return `overrunning the message limit (${messages.max}) from ${address} was not throttled (${refusal.how}), so no violation could be provoked`;
              lastViolationAt = Date.now();
            }
            details['overruns'] = overruns;
            return undefined;
          },
          async probe(actor) {
            const user = ctx.world.users[actor]!;
            const during = await session.open({ credentials: { actor: user }, localAddress: address, label: 'during-ban' });
            const banned = await refusalOf(during, rt.refusals.throttled, CLOSE_WAIT_MS);
            const duringMs = Date.now() - lastViolationAt;
            await during.close();
            details['duringBan'] = { afterMs: duringMs, outcome: banned.how };
            if (!banned.refused) {
              return {
                invariant: 'RL-5',
                message: `after ${ban.after} violations from ${address}, a new socket ${duringMs} ms later was accepted (${banned.how}); declared ban ${ban.forMs} ms`,
                actor: actorOf(user),
                steps: [socketStep(rt, during, { note: `new socket from ${address} during the ban` })],
              };
            }
            await sleep(lastViolationAt + ban.forMs + 500 - Date.now());
            const after = await session.open({ credentials: { actor: user }, localAddress: address, label: 'after-ban' });
            const ended = await refusalOf(after, rt.refusals.throttled, CLOSE_WAIT_MS);
            const afterMs = Date.now() - lastViolationAt;
            const usable = after.isOpen && !ended.refused;
            await after.close();
            details['afterBan'] = { afterMs, outcome: ended.how };
            if (usable) return undefined;
            return {
              invariant: 'RL-5',
              message: `the ban on ${address} did not end: a socket ${afterMs} ms after the last violation was refused (${ended.how}); declared ban ${ban.forMs} ms`,
              actor: actorOf(user),
              steps: [socketStep(rt, after, { note: `new socket from ${address} after the ban` })],
            };
          },
          details: () => details,
        };
      },
    ),
});
