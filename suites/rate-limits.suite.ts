/**
 * RL family: declared limits hold in both directions, abuse is stopped and honest traffic is not.
 * RL-1 connections per IP per window (separate IPs separate budgets; rotating forwarded-for
 * headers lift nothing), RL-2 concurrent sockets per user, RL-3 messages per window under a
 * parallel burst, RL-4 message size, RL-5 bans, RL-6 honest traffic untouched, RL-7 availability
 * during a bounded flood, RL-8 declared HTTP limits. Each simulated client IP is its own loopback
 * source address (never 127.0.0.1), so bans and spent budgets never reach the other suites.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { checkProperty, type PropertySpec } from '../harness/checks/check-property.ts';
import { matches } from '../harness/checks/expectation.ts';
import type { Violation } from '../harness/checks/verdict.ts';
import { withCredentials } from '../harness/http/credentials.ts';
import { HttpClient } from '../harness/http/client.ts';
import type { ProbeRequest, ProbeResponse } from '../harness/http/types.ts';
import type { RealtimeContract } from '../harness/config/schema.ts';
import { AddressPool } from '../harness/realtime/address-pool.ts';
import { FloodStats, summariseLatency } from '../harness/realtime/flood-stats.ts';
import { paddedPing, pingBurst, pingOnce } from '../harness/realtime/ping.ts';
import { RealtimeSession } from '../harness/realtime/realtime-session.ts';
import type { RealtimeSocket } from '../harness/realtime/realtime-socket.ts';
import { requireRealtime } from '../harness/realtime/require-realtime.ts';
import { refusalOf } from '../harness/realtime/socket-refusal.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { registerSuite, type SuiteContext } from '../harness/suite/context.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { recordSkipped } from '../harness/suite/record-skipped.ts';
import type { UserRecord } from '../harness/world.ts';

const suite = registerSuite();
/** Headers a naive limiter takes the client IP from; rotated unless the contract trusts them. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip'];
// Arbitraries here do not shrink: each case is a whole timed scenario (a burst, a ban), and a
// smaller value explains nothing a fresh address and the evidence numbers do not already say.
/** How long an opened socket gets to be closed as refused. */
const CLOSE_WAIT_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** Runs one realtime limit check with its own session and address block; every socket is closed after. */
async function realtimeCheck<T>(
  invariant: string,
  block: number,
  needs: (rt: RealtimeContract) => string | undefined,
  spec: (ctx: SuiteContext, rt: RealtimeContract, session: RealtimeSession, addresses: AddressPool) => Omit<PropertySpec<T>, 'invariant'>,
): Promise<void> {
  const ctx = suite();
  const rt = requireRealtime(ctx, invariant, needs);
  if (!rt) return;
  const session = new RealtimeSession(ctx, invariant, rt);
  try {
    const verdict = await checkProperty(ctx, { invariant, ...spec(ctx, rt, session, new AddressPool(block)) });
    ctx.record(verdict);
    expect(verdict.verdict, verdict.reason).toBe('held');
  } finally {
    await session.close();
  }
}

const actorOf = (user: UserRecord) => ({ tenant: user.tenantId, user: user.id, role: user.role });

test('RL-1 websocket connections per IP per window are capped', () =>
  realtimeCheck<string[]>('RL-1', 31, (rt) => (rt.limits.connectionsPerIp ? undefined : 'the contract declares no realtime.limits.connectionsPerIp'), (ctx, rt, session, addresses) => {
    const { max, windowMs } = rt.limits.connectionsPerIp!;
    const trusted = rt.trustedProxyHeaders.map((h) => h.toLowerCase());
    const rotated = FORWARDED_HEADERS.filter((h) => !trusted.includes(h));
    const users = ctx.world.users;
    type Burst = { address: string; elapsedMs: number; openedBefore: number; last: { refused: boolean; how: string }; socket: RealtimeSocket; headers?: Record<string, string> };
    let plain: Burst | undefined;
    let rotating: Burst | undefined;
    const details: Record<string, unknown> = {};

    // max+1 connections opened one after another from one address, each closed at once so the
    // per-user cap never interferes; only the last one is judged.
    const burst = async (address: string, headersFor: (i: number) => Record<string, string> | undefined): Promise<Burst> => {
      const started = Date.now();
      let openedBefore = 0;
      for (let i = 0; i < max; i++) {
        const socket = await session.open({ credentials: { actor: users[i % users.length]! }, localAddress: address, headers: headersFor(i), label: `connection ${i + 1}` });
        if (socket.opened) openedBefore += 1;
        await socket.close();
      }
      const headers = headersFor(max);
      const socket = await session.open({ credentials: { actor: users[max % users.length]! }, localAddress: address, headers, label: `connection ${max + 1}` });
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
        details['plain'] = { address: plain.address, attempts: max + 1, openedBeforeLast: plain.openedBefore, last: plain.last.how, elapsedMs: plain.elapsedMs };
        if (rotating) details['rotatingForwardedFor'] = { address: rotating.address, headers: rotated, attempts: max + 1, openedBeforeLast: rotating.openedBefore, last: rotating.last.how, elapsedMs: rotating.elapsedMs };
        for (const b of [plain, rotating]) {
          if (!b) continue;
          if (b.openedBefore < max) return `only ${b.openedBefore} of the first ${max} connections from ${b.address} opened (limit ${max}), so the cap could not be reached`;
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
          problems.push(`${ordinal(max + 1)} connection from ${b.address} within ${(b.elapsedMs / 1000).toFixed(2)} s${how} accepted (${b.last.how}), limit ${max} per ${windowMs / 1000} s`);
          steps.push(socketStep(rt, b.socket, { note: `connection ${max + 1} from ${b.address}` }));
        }
        // Right after one IP spent its budget, another IP's first connection must open.
        const other = addresses.next();
        const fresh = await session.open({ credentials: { actor: users[0]! }, localAddress: other, label: 'other-ip' });
        const freshRefusal = await refusalOf(fresh, rt.refusals.throttled, CLOSE_WAIT_MS);
        await fresh.close();
        details['otherIp'] = { address: other, outcome: freshRefusal.how };
        if (!fresh.opened || freshRefusal.refused) {
          problems.push(`the first connection from ${other} was refused (${freshRefusal.how}) right after ${plain!.address} spent its budget: budgets are not per IP`);
          steps.push(socketStep(rt, fresh, { note: `first connection from ${other}` }));
        }
        if (problems.length === 0) return undefined;
        return { invariant: 'RL-1', message: problems.join('; '), steps, labels: { limit: `${max}/${windowMs}ms` } };
      },
      details: () => details,
    };
  }));

test('RL-2 concurrent sockets per user are capped', () =>
  realtimeCheck<number>('RL-2', 32, (rt) => (rt.limits.concurrentPerUser ? undefined : 'the contract declares no realtime.limits.concurrentPerUser'), (ctx, rt, session, addresses) => {
    const max = rt.limits.concurrentPerUser!;
    let sockets: Array<{ socket: RealtimeSocket; refused: boolean; how: string }> = [];
    const details: Record<string, unknown> = {};
    return {
      arbitrary: fc.noShrink(fc.nat({ max: ctx.world.users.length - 1 })),
      numRuns: 1,
      async control(actor) {
        const user = ctx.world.users[actor]!;
        // All at once, each from its own address: a check-then-increment race would let more through.
        const opened = await Promise.all(Array.from({ length: max + 1 }, (_, i) => session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: `socket ${i + 1}` })));
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
  }));

test('RL-3 messages per window are capped, even in a parallel burst', () =>
  realtimeCheck<number>('RL-3', 33, (rt) => (rt.limits.messages ? undefined : 'the contract declares no realtime.limits.messages'), (ctx, rt, session, addresses) => {
    const { max, windowMs } = rt.limits.messages!;
    const user = ctx.world.users[0]!;
    const details: Record<string, unknown> = {};
    return {
      arbitrary: fc.noShrink(fc.integer({ min: max + 1, max: max * 2 })),
      numRuns: 1,
      async control() {
        const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'control' });
        const rtt = await pingOnce(rt, socket, rt.ping(0, ''), 0);
        await socket.close();
        return rtt === undefined ? `a single message on a fresh socket was not acknowledged (${socket.status ?? socket.closeCode ?? 'no answer'})` : undefined;
      },
      async probe(count) {
        const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'burst' });
        const result = await pingBurst(rt, socket, count);
        Object.assign(details, { limit: max, windowMs, ...result, closeCode: socket.closeCode });
        await socket.close();
        if (result.acked <= max) return undefined;
        return {
          invariant: 'RL-3',
          message: `${result.sent} messages sent in one burst (${result.elapsedMs} ms), ${result.acked} acknowledged, limit ${max} per ${windowMs / 1000} s`,
          actor: actorOf(user),
          steps: [socketStep(rt, socket, { sent: rt.ping(0, ''), received: socket.frames.at(-1)?.text, note: `${result.sent} pings at once` })],
        };
      },
      details: () => details,
    };
  }));

test('RL-4 oversized messages are refused and never processed', () =>
  realtimeCheck<number>('RL-4', 34, (rt) => (rt.limits.maxMessageBytes ? undefined : 'the contract declares no realtime.limits.maxMessageBytes'), (ctx, rt, session, addresses) => {
    const limit = rt.limits.maxMessageBytes!;
    const user = ctx.world.users[0]!;
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
        const rtt = await pingOnce(rt, socket, message, 2, 1000);
        const refusal = await refusalOf(socket, rt.refusals.tooLarge, 1000);
        await socket.close();
        const problem = rtt !== undefined ? 'was acknowledged (processed)' : !refusal.refused ? `was not refused as declared (${refusal.how}, expected close ${rt.refusals.tooLarge.closeCodes.join('/')})` : undefined;
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
  }));

test('RL-5 repeated violations lead to the declared ban, which ends when declared', () =>
  realtimeCheck<number>(
    'RL-5',
    35,
    (rt) => (!rt.limits.ban ? 'the contract declares no realtime.limits.ban' : !rt.limits.messages ? 'RL-5 provokes violations by exceeding the message limit: declare realtime.limits.messages' : undefined),
    (ctx, rt, session, addresses) => {
      const ban = rt.limits.ban!;
      const messages = rt.limits.messages!;
      const address = addresses.next();
      let lastViolationAt = 0;
      const details: Record<string, unknown> = { address, ban };
      return {
        arbitrary: fc.noShrink(fc.nat({ max: ctx.world.users.length - 1 })),
        numRuns: 1,
        async control(actor) {
          const user = ctx.world.users[actor]!;
          const overruns: string[] = [];
          for (let i = 0; i < ban.after; i++) {
            const socket = await session.open({ credentials: { actor: user }, localAddress: address, label: `overrun ${i + 1}` });
            if (!socket.opened) return `socket ${i + 1} from ${address} was refused (${socket.status}) before ${ban.after} violations were made`;
            // One message at a time, each acknowledged before the next: an overrun any limiter sees.
            let sent = 0;
            let acked = 0;
            for (let n = i * 1000; sent < messages.max + 5 && socket.isOpen; n++, sent++) if ((await pingOnce(rt, socket, rt.ping(n, ''), n, 1000)) !== undefined) acked += 1;
            const refusal = await refusalOf(socket, rt.refusals.throttled, 1000);
            await socket.close();
            overruns.push(`${sent} sent, ${acked} acknowledged, ${refusal.how}`);
            if (!refusal.refused) return `overrunning the message limit (${messages.max}) from ${address} was not throttled (${refusal.how}), so no violation could be provoked`;
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
          const usable = after.isOpen;
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
  ));

test('RL-6 traffic under every limit is never throttled', () =>
  realtimeCheck<number>('RL-6', 36, () => undefined, (ctx, rt, session, addresses) => {
    const { connectionsPerIp, concurrentPerUser, messages, maxMessageBytes } = rt.limits;
    const sockets = Math.max(1, Math.min(connectionsPerIp?.max ?? 4, concurrentPerUser ?? 4, 4) - 1);
    // 60% of the message limit per window: honest in every window, more than the limit over two.
    const perSocket = Math.max(1, Math.floor((messages?.max ?? 20) * 0.6));
    const bytes = Math.min(512, Math.floor((maxMessageBytes ?? 1024) / 2));
    const rounds = messages ? 2 : 1;
    const address = addresses.next();
    const http = ctx.config.httpLimits;
    const details: Record<string, unknown> = {};
    return {
      arbitrary: fc.noShrink(fc.nat({ max: ctx.world.users.length - 1 })),
      numRuns: 1,
      async control(actor) {
        const socket = await session.open({ credentials: { actor: ctx.world.users[actor]! }, localAddress: addresses.next(), label: 'control' });
        const rtt = await pingOnce(rt, socket, rt.ping(0, ''), 0);
        await socket.close();
        return rtt === undefined ? `a single message on one socket was not acknowledged (${socket.status ?? socket.closeCode ?? 'no answer'})` : undefined;
      },
      async probe(actor) {
        const user = ctx.world.users[actor]!;
        const stats = new FloodStats();
        const problems: string[] = [];
        const steps: Violation['steps'] = [];
        const opened = await Promise.all(Array.from({ length: sockets }, (_, i) => session.open({ credentials: { actor: user }, localAddress: address, label: `honest ${i + 1}` })));
        await Promise.all(
          opened.map(async (socket) => {
            if (!socket.opened) {
              stats.refused();
              steps.push(socketStep(rt, socket, { note: 'honest socket refused' }));
              return;
            }
            stats.opened();
            // 60% of the limit in one window, then again in the next: a counter that never resets
            // throttles a long-lived honest socket even though no window ever sees too much.
            for (let n = 0; n < perSocket * rounds; n++) {
              if (n > 0 && n % perSocket === 0) await sleep(messages!.windowMs + 100);
              const { message } = paddedPing(rt, n, bytes);
              stats.sent();
              const rtt = await pingOnce(rt, socket, message, n);
              if (rtt === undefined) break;
              stats.acked(rtt);
            }
            if (socket.isClosed) steps.push(socketStep(rt, socket, { note: 'honest socket closed' }));
            stats.closed(socket.isClosed ? socket.closeCode : undefined);
          }),
        );
        await session.close();
        const report = stats.report();
        details['realtime'] = { sockets, messagesPerSocket: perSocket * rounds, windows: rounds, messageBytes: bytes, ...report };
        if (report.connections.refused > 0) problems.push(`${report.connections.refused} of ${sockets} honest sockets from ${address} refused`);
        if (report.messages.dropped > 0) problems.push(`${report.messages.dropped} of ${report.messages.sent} honest messages (${perSocket} per socket per window, limit ${messages?.max ?? 'none'}) unacknowledged`);
        if (http) {
          const count = Math.max(1, Math.floor(http.max / 2));
          let throttled = 0;
          for (let i = 0; i < count; i++) {
            const req = http.request(user);
            const res = await ctx.send('RL-6', { actor: user }, req, 'honest-http');
            if (matches(http.throttled, res)) {
              throttled += 1;
              if (throttled === 1) steps.push(step(req, res, 'honest HTTP request throttled'));
            }
          }
          details['http'] = { sent: count, throttled, limit: http.max, windowMs: http.windowMs };
          if (throttled > 0) problems.push(`${throttled} of ${count} honest HTTP requests throttled (limit ${http.max} per ${http.windowMs / 1000} s)`);
        }
        if (problems.length === 0) return undefined;
        return { invariant: 'RL-6', message: `honest traffic throttled: ${problems.join('; ')}`, actor: actorOf(user), steps };
      },
      details: () => details,
    };
  }));

test('RL-7 the service stays available during a bounded flood', () =>
  realtimeCheck<number>('RL-7', 37, () => undefined, (ctx, rt, session, addresses) => {
    const { durationMs, maxMessages, maxConnections } = rt.flood;
    const healthPath = ctx.config.target.healthPath;
    const pid = ctx.handle.targetPid;
    const details: Record<string, unknown> = {};
    // Healthy as the harness judged it at start-up (any 2xx): a health endpoint may answer 204.
    const healthy = (h: { res?: ProbeResponse }) => h.res !== undefined && h.res.status >= 200 && h.res.status < 300;
    const health = async (): Promise<{ ms: number; res?: ProbeResponse; error?: string }> => {
      const started = performance.now();
      try {
        const res = await ctx.http.send({ method: 'GET', path: healthPath });
        return { ms: performance.now() - started, res };
      } catch (error) {
        return { ms: performance.now() - started, error: (error as Error).message };
      }
    };
    const alive = () => {
      if (pid === undefined) return true;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    return {
      arbitrary: fc.noShrink(fc.integer({ min: 4, max: 8 })),
      numRuns: 1,
      async control() {
        const first = await health();
        if (!healthy(first) || first.ms > rt.healthLatencyMs) return `before the flood, ${healthPath} answered ${first.res?.status ?? first.error} in ${first.ms.toFixed(0)} ms (declared ${rt.healthLatencyMs} ms)`;
        return alive() ? undefined : `the target process ${pid} is not running before the flood`;
      },
      async probe(workers) {
        const stats = new FloodStats();
        const stopAt = Date.now() + durationMs;
        const latencies: number[] = [];
        const failures: string[] = [];
        let sent = 0;
        let connections = 0;
        const more = () => Date.now() < stopAt && sent < maxMessages;
        const poll = async () => {
          while (more()) {
            const h = await health();
            latencies.push(h.ms);
            if (!healthy(h) || h.ms > rt.healthLatencyMs) failures.push(`${h.res?.status ?? h.error} in ${h.ms.toFixed(0)} ms`);
            await sleep(50);
          }
        };
        const worker = async (w: number) => {
          while (more() && connections < maxConnections) {
            connections += 1;
            const user = ctx.world.users[(w + connections) % ctx.world.users.length]!;
            const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'flood' });
            if (!socket.opened) {
              stats.refused();
              continue;
            }
            stats.opened();
            let n = 0;
            while (socket.isOpen && more()) {
              const burst = Math.min(20, maxMessages - sent);
              const started = performance.now();
              const result = await pingBurst(rt, socket, burst, { from: n, timeoutMs: 500, stats });
              n += burst;
              sent += result.sent;
              for (let i = 0; i < result.acked; i++) stats.acked(i === 0 ? performance.now() - started : undefined);
            }
            stats.closed(socket.closeCode);
            await socket.close();
          }
        };
        await Promise.all([poll(), ...Array.from({ length: workers }, (_, w) => worker(w))]);
        await session.close();
        const after = await health();
        const running = alive();
        details['flood'] = { workers, bounds: { durationMs, maxMessages, maxConnections }, ...stats.report() };
        details['health'] = { path: healthPath, declaredMs: rt.healthLatencyMs, ...summariseLatency(latencies), failures: failures.length, afterFlood: after.res?.status ?? after.error };
        const problems = [
          failures.length > 0 && `${healthPath} failed or exceeded ${rt.healthLatencyMs} ms on ${failures.length} of ${latencies.length} probes during the flood (first: ${failures[0]})`,
          !healthy(after) && `${healthPath} answered ${after.res?.status ?? after.error} after the flood`,
          !running && `the target process ${pid} is gone after the flood`,
        ].filter((p): p is string => typeof p === 'string');
        if (problems.length === 0) return undefined;
        const req: ProbeRequest = { method: 'GET', path: healthPath };
        return { invariant: 'RL-7', message: `under a flood of ${stats.totals.sent} messages on ${stats.totals.opened} sockets: ${problems.join('; ')}`, steps: [step(req, after.res, 'health after the flood')] };
      },
      details: () => details,
    };
  }));

test('RL-8 declared HTTP request limits are enforced', async () => {
  const ctx = suite();
  const limit = ctx.config.httpLimits;
  if (!limit) return void recordSkipped(ctx, 'RL-8', 'the contract declares no httpLimits');
  const addresses = new AddressPool(38);
  const users = ctx.world.users;
  const clients: HttpClient[] = [];
  const details: Record<string, unknown> = { per: limit.per, max: limit.max, windowMs: limit.windowMs };
  // A burst goes through its own pool with one connection per request, so it is truly parallel;
  // per-IP limits are probed from a fresh source address per budget.
  const client = (connections: number, address?: string) => {
    const c = new HttpClient(ctx.handle.baseUrl, connections, address);
    clients.push(c);
    return c;
  };
  const sendVia = async (via: HttpClient, user: UserRecord, address: string | undefined, label: string) => {
    const req = limit.request(user);
    const res = await via.send(withCredentials(req, ctx.config.identity.transport, await ctx.token(user)));
    ctx.evidence.write({ invariant: 'RL-8', kind: 'http', label, actor: `${user.tenantId}/${user.id}`, request: { method: req.method, path: req.path, from: address ?? 'default', credentials: 'redacted' }, response: { status: res.status, bodyExcerpt: res.text.slice(0, 200) } });
    return { req, res };
  };
  const sender = async (user: UserRecord, address: string | undefined, label: string) => {
    if (address) return sendVia(client(1, address), user, address, label);
    const req = limit.request(user);
    return { req, res: await ctx.send('RL-8', { actor: user }, req, label) };
  };
  try {
    const verdict = await checkProperty(ctx, {
      invariant: 'RL-8',
      arbitrary: fc.noShrink(fc.record({ extra: fc.integer({ min: 1, max: 5 }), actor: fc.nat({ max: users.length - 1 }) })),
      numRuns: 1,
      async control({ actor }) {
        const other = users[(actor + 1) % users.length]!;
        const { req, res } = await sender(other, limit.per === 'ip' ? addresses.next() : undefined, 'control');
        return matches(ctx.config.expectations.succeeded, res) ? undefined : `${req.method} ${req.path} under the limit got ${res.status}`;
      },
      async probe({ extra, actor }) {
        const user = users[actor]!;
        const address = limit.per === 'ip' ? addresses.next() : undefined;
        const count = limit.max + extra;
        const started = Date.now();
        // One parallel burst: a limiter that reads and writes its counter separately lets extra requests through.
        const burst = client(count, address);
        const results = await Promise.all(Array.from({ length: count }, (_, i) => sendVia(burst, limit.per === 'ip' ? users[i % users.length]! : user, address, `burst ${i + 1}`)));
        const elapsedMs = Date.now() - started;
        if (elapsedMs >= limit.windowMs) throw new Error(`${count} requests took ${elapsedMs} ms, longer than the ${limit.windowMs} ms window`);
        const succeeded = results.filter((r) => matches(ctx.config.expectations.succeeded, r.res)).length;
        const throttled = results.filter((r) => matches(limit.throttled, r.res)).length;
        const other = limit.per === 'ip' ? undefined : users[(actor + 1) % users.length]!;
        const separate = await sender(other ?? user, limit.per === 'ip' ? addresses.next() : undefined, 'other-budget');
        Object.assign(details, { sent: count, succeeded, throttled, elapsedMs, otherBudget: separate.res.status });
        const who = limit.per === 'ip' ? `from ${address}` : `by user ${user.index} (tenant ${user.tenantIndex})`;
        const problems = [
          succeeded > limit.max && `${succeeded} of ${count} requests ${who} within ${elapsedMs} ms succeeded, limit ${limit.max} per ${limit.windowMs / 1000} s`,
          !matches(ctx.config.expectations.succeeded, separate.res) && `right after, the first request of another ${limit.per === 'ip' ? 'IP' : 'user'} got ${separate.res.status}: budgets are not per ${limit.per}`,
        ].filter((p): p is string => typeof p === 'string');
        if (problems.length === 0) return undefined;
        const last = results.at(-1)!;
        return { invariant: 'RL-8', message: problems.join('; '), actor: actorOf(user), steps: [step(last.req, last.res, `request ${count} of the burst`), step(separate.req, separate.res, 'another budget')] };
      },
      details: () => details,
    });
    ctx.record(verdict);
    expect(verdict.verdict, verdict.reason).toBe('held');
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});
