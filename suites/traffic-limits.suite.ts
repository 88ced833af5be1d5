/**
 * RL family, limits seen from the honest side and over HTTP: RL-6 traffic under every limit is
 * never throttled, RL-7 the service stays available during a bounded flood, RL-8 declared HTTP
 * request limits hold. Simulated clients use their own loopback source addresses (never 127.0.0.1).
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { checkProperty, Unprovable } from '../harness/checks/check-property.ts';
import { matches } from '../harness/checks/expectation.ts';
import { healthRequest, isHealthy } from '../harness/checks/target-health.ts';
import type { Violation } from '../reports/verdict.ts';
import { LimitTraffic } from '../harness/realtime/limit-traffic.ts';
import { HonestHttp } from '../harness/realtime/honest-http.ts';
import { HONEST_BLOCK, honestHttpCheck } from '../harness/realtime/honest-http-check.ts';
import type { ProbeResponse } from '../harness/http/types.ts';
import { AddressPool } from '../harness/realtime/address-pool.ts';
import { FloodStats, summariseLatency } from '../harness/realtime/flood-stats.ts';
import { paddedPing, pingBurst, pingOnce } from '../harness/realtime/ping.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { skipped } from '../harness/invariants/skipped.ts';

import { busiestWindow } from '../harness/realtime/busiest-window.ts';
import { actorOf, limitUser, REALTIME_LIMIT, realtimeCheck, sleep } from '../harness/realtime/realtime-check.ts';

export const rl6 = defineInvariant({
  id: 'RL-6',
  title: 'Honest traffic is never throttled',
  description:
    'sockets under the declared limits and 60% of the message limit in each of two windows (never more than that in any window-length interval, honest under a sliding and a fixed window), and exactly the declared HTTP limit on a fresh budget within its window (with or without a realtime section), are never refused or throttled',
  ...REALTIME_LIMIT,
  // Either half alone is worth checking: a service may declare HTTP limits and no websocket.
  requires: ['http'],
  cwe: 'CWE-400',
  run: async (ctx) => {
    const http = ctx.config.httpLimits;
    if (!ctx.config.realtime) return http ? honestHttpCheck(ctx, http) : skipped('RL-6', 'the contract declares neither `realtime` nor `httpLimits`');
    const traffic = http && new LimitTraffic(ctx, 'RL-6', http);
    const honest = traffic && new HonestHttp(traffic);
    try {
      return await realtimeCheck<number>(
        ctx,
        'RL-6',
        HONEST_BLOCK,
        () => undefined,
        (ctx, rt, session, addresses) => {
          const { connectionsPerIp, concurrentPerUser, messages, maxMessageBytes } = rt.limits;
          const sockets = Math.max(1, Math.min(connectionsPerIp?.max ?? 4, concurrentPerUser ?? 4, 4) - 1);
          // 60% of the message limit per window (shared by the sockets when the budget is the
          // user's): honest in every window, more than the limit over two.
          const perSocket = Math.max(1, Math.floor(((messages?.max ?? 20) * 0.6) / (messages?.per === 'user' ? sockets : 1)));
          const bytes = Math.min(512, Math.floor((maxMessageBytes ?? 1024) / 2));
          const rounds = messages ? 2 : 1;
          let lastRoundAt = 0;
          /** When each honest message went out, by budget (the user's, or each socket's). */
          let sentAt: number[][] = [];
          const address = addresses.next();
          const details: Record<string, unknown> = {};
          return {
            // A user no other limit check spends budget of: their traffic must not make this one's look throttled.
            arbitrary: fc.noShrink(fc.constant(ctx.world.users.indexOf(limitUser(ctx, HONEST_BLOCK)))),
            numRuns: 1,
            async control(actor) {
              // A case after another (a corpus replay first) waits out the window the previous
              // case's last round spent, so one case's honest traffic never throttles the next's.
              if (messages) await sleep(lastRoundAt + messages.windowMs + 100 - Date.now());
              const socket = await session.open({ credentials: { actor: ctx.world.users[actor]! }, localAddress: addresses.next(), label: 'control' });
              sentAt = [[Date.now()]];
              const rtt = await pingOnce(rt, socket, rt.ping(0, ''), 0);
              await socket.close();
              return rtt === undefined
                ? `a single message on one socket was not acknowledged (${socket.status ?? socket.closeCode ?? 'no answer'})`
                : undefined;
            },
            async probe(actor) {
              const user = ctx.world.users[actor]!;
              const stats = new FloodStats();
              const problems: string[] = [];
              const steps: Violation['steps'] = [];
              const opened = await Promise.all(
                Array.from({ length: sockets }, (_, i) => session.open({ credentials: { actor: user }, localAddress: address, label: `honest ${i + 1}` })),
              );
              await Promise.all(
                opened.map(async (socket, i) => {
                  const times = messages?.per === 'user' ? sentAt[0]! : (sentAt[i + 1] = []);
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
                    times.push(Date.now());
                    const rtt = await pingOnce(rt, socket, message, n, undefined, rt.refusals.throttled);
                    if (rtt === undefined) break;
                    stats.acked(rtt);
                  }
                  if (socket.isClosed) steps.push(socketStep(rt, socket, { note: 'honest socket closed' }));
                  stats.closed(socket.isClosed ? socket.closeCode : undefined);
                }),
              );
              lastRoundAt = Date.now();
              await session.close();
              const report = stats.report();
              const busiest = messages ? Math.max(...sentAt.map((t) => busiestWindow(t, messages.windowMs))) : 0;
              details['realtime'] = { sockets, messagesPerSocket: perSocket * rounds, windows: rounds, messageBytes: bytes, busiestWindow: busiest, ...report };
              // Sleeps only ever run long, so this holds unless the pacing above is wrong; then nothing was proved.
              if (messages && busiest > messages.max)
                throw new Unprovable(
                  `the honest traffic came to ${busiest} messages in one ${messages.windowMs} ms interval, over the limit of ${messages.max}`,
                );
              if (report.connections.refused > 0) problems.push(`${report.connections.refused} of ${sockets} honest sockets from ${address} refused`);
              if (report.messages.dropped > 0)
                problems.push(
                  `${report.messages.dropped} of ${report.messages.sent} honest messages (${perSocket} per socket per window, limit ${messages?.max ?? 'none'}) unacknowledged`,
                );
              if (honest) {
                // A burst too slow to judge proves nothing, but must not hide what the sockets found.
                const burst = await honest.burst(user, addresses).catch((error: unknown) => {
                  if (problems.length === 0 || !(error instanceof Unprovable)) throw error;
                  details['http'] = { unprovable: error.message };
                  return undefined;
                });
                if (burst) {
                  details['http'] = burst.details;
                  if (burst.problem) problems.push(burst.problem);
                  steps.push(...burst.steps);
                }
              }
              if (problems.length === 0) return undefined;
              return { invariant: 'RL-6', message: `honest traffic throttled: ${problems.join('; ')}`, actor: actorOf(user), steps };
            },
            details: () => details,
          };
        },
      );
    } finally {
      await traffic?.close();
    }
  },
});

export const rl7 = defineInvariant({
  id: 'RL-7',
  title: 'The service stays available under flood',
  description:
    'during a flood bounded in time, messages and connections, the health endpoint answers within the declared latency and the target process survives',
  ...REALTIME_LIMIT,
  cwe: 'CWE-400',
  run: (ctx) =>
    realtimeCheck<number>(
      ctx,
      'RL-7',
      37,
      () => undefined,
      (ctx, rt, session, addresses) => {
        const { durationMs, maxMessages, maxConnections } = rt.flood;
        const healthPath = ctx.config.target.healthPath;
        const pid = ctx.handle.targetPid;
        const details: Record<string, unknown> = {};
        // Healthy as the harness judged it at start-up (target.healthy, default any 2xx).
        const healthy = (h: { res?: ProbeResponse }) => h.res !== undefined && isHealthy(ctx.config.target, h.res);
        const health = async (): Promise<{ ms: number; res?: ProbeResponse; error?: string }> => {
          const started = performance.now();
          try {
            const res = await ctx.http.send(healthRequest(ctx.config.target));
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
            if (!healthy(first) || first.ms > rt.healthLatencyMs)
              return `before the flood, ${healthPath} answered ${first.res?.status ?? first.error} in ${first.ms.toFixed(0)} ms (declared ${rt.healthLatencyMs} ms)`;
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
            // The harness times /health from its own event loop: if that loop stalls as long as the
            // declared latency, a slow answer may be the harness's, not the target's.
            const ownLoop = monitorEventLoopDelay({ resolution: 20 });
            ownLoop.enable();
            await Promise.all([poll(), ...Array.from({ length: workers }, (_, w) => worker(w))]);
            ownLoop.disable();
            const ownStallMs = ownLoop.max / 1e6;
            await session.close();
            const after = await health();
            const running = alive();
            details['flood'] = { workers, bounds: { durationMs, maxMessages, maxConnections }, ...stats.report() };
            details['health'] = {
              path: healthPath,
              declaredMs: rt.healthLatencyMs,
              ...summariseLatency(latencies),
              failures: failures.length,
              afterFlood: after.res?.status ?? after.error,
            };
            const problems = [
              failures.length > 0 &&
                `${healthPath} failed or exceeded ${rt.healthLatencyMs} ms on ${failures.length} of ${latencies.length} probes during the flood (first: ${failures[0]})`,
              !healthy(after) && `${healthPath} answered ${after.res?.status ?? after.error} after the flood`,
              !running && `the target process ${pid} is gone after the flood`,
            ].filter((p): p is string => typeof p === 'string');
            if (problems.length === 0) return undefined;
            details['health'] = { ...(details['health'] as object), harnessLoopStallMs: Math.round(ownStallMs) };
            if (running && healthy(after) && ownStallMs >= rt.healthLatencyMs)
              throw new Unprovable(
                `the harness's own event loop stalled up to ${ownStallMs.toFixed(0)} ms during the flood (declared health latency ${rt.healthLatencyMs} ms): this machine cannot tell a slow ${healthPath} from a slow harness`,
              );
            const req = healthRequest(ctx.config.target);
            return {
              invariant: 'RL-7',
              message: `under a flood of ${stats.totals.sent} messages on ${stats.totals.opened} sockets: ${problems.join('; ')}`,
              steps: [step(req, after.res, 'health after the flood')],
            };
          },
          details: () => details,
        };
      },
    ),
});

export const rl8 = defineInvariant({
  id: 'RL-8',
  title: 'Declared HTTP request limits are enforced',
  description: "a parallel burst over the declared HTTP limit gets at most the limit through; another user's (or IP's) budget is untouched",
  severity: 'medium',
  owasp: OWASP.RESOURCES,
  cwe: 'CWE-770',
  requires: ['http', 'database'],
  explore: false,
  async run(ctx) {
    const limit = ctx.config.httpLimits;
    if (!limit) return skipped('RL-8', 'the contract declares no httpLimits');
    const addresses = new AddressPool(38);
    // RL-6's honest burst spends a budget outside these users' (world.limitUsers, or an address of its own).
    const users = ctx.world.users;
    const traffic = new LimitTraffic(ctx, 'RL-8', limit);
    const details: Record<string, unknown> = { per: limit.per, max: limit.max, windowMs: limit.windowMs };
    let lastBurstAt = 0;
    try {
      return await checkProperty(ctx, {
        invariant: 'RL-8',
        arbitrary: fc.noShrink(fc.record({ extra: fc.integer({ min: 1, max: 5 }), actor: fc.nat({ max: users.length - 1 }) })),
        numRuns: 1,
        async control({ actor }) {
          // A second case (a corpus replay first) waits out the window the previous burst drained.
          await sleep(lastBurstAt + limit.windowMs + 100 - Date.now());
          const other = users[(actor + 1) % users.length]!;
          const { req, res } = await traffic.send(other, limit.per === 'ip' ? addresses.next() : undefined, 'control');
          return matches(ctx.config.expectations.succeeded, res) ? undefined : `${req.method} ${req.path} under the limit got ${res.status}`;
        },
        async probe({ extra, actor }) {
          const user = users[actor]!;
          const address = limit.per === 'ip' ? addresses.next() : undefined;
          const count = limit.max + extra;
          const started = Date.now();
          // One parallel burst: a limiter that reads and writes its counter separately lets extra requests through.
          const burst = traffic.client(count, address);
          const results = await Promise.all(
            Array.from({ length: count }, (_, i) => traffic.sendVia(burst, limit.per === 'ip' ? users[i % users.length]! : user, address, `burst ${i + 1}`)),
          );
          const elapsedMs = Date.now() - started;
          lastBurstAt = Date.now();
          const succeeded = results.filter((r) => matches(ctx.config.expectations.succeeded, r.res)).length;
          // A burst spread over more than the window may be served in full by a correct limiter.
          if (succeeded > limit.max && elapsedMs >= limit.windowMs)
            throw new Unprovable(`${count} requests took ${elapsedMs} ms on this machine, longer than the ${limit.windowMs} ms window`);
          const throttled = results.filter((r) => matches(limit.throttled, r.res)).length;
          const other = limit.per === 'ip' ? undefined : users[(actor + 1) % users.length]!;
          const separate = await traffic.send(other ?? user, limit.per === 'ip' ? addresses.next() : undefined, 'other-budget');
          Object.assign(details, { sent: count, succeeded, throttled, elapsedMs, otherBudget: separate.res.status });
          const who = limit.per === 'ip' ? `from ${address}` : `by user ${user.index} (tenant ${user.tenantIndex})`;
          const problems = [
            succeeded > limit.max &&
              `${succeeded} of ${count} requests ${who} within ${elapsedMs} ms succeeded, limit ${limit.max} per ${limit.windowMs / 1000} s`,
            !matches(ctx.config.expectations.succeeded, separate.res) &&
              `right after, the first request of another ${limit.per === 'ip' ? 'IP' : 'user'} got ${separate.res.status}: budgets are not per ${limit.per}`,
          ].filter((p): p is string => typeof p === 'string');
          if (problems.length === 0) return undefined;
          const last = results.at(-1)!;
          return {
            invariant: 'RL-8',
            message: problems.join('; '),
            actor: actorOf(user),
            steps: [step(last.req, last.res, `request ${count} of the burst`), step(separate.req, separate.res, 'another budget')],
          };
        },
        details: () => details,
      });
    } finally {
      await traffic.close();
    }
  },
});
