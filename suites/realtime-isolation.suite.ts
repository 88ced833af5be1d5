/**
 * TI family, realtime: TI-6. Subscribers of every tenant listen while random tenants create,
 * update and delete over HTTP; no subscriber ever receives another tenant's event, id or canary,
 * and subscribing to another tenant's topic is refused. Positive control: each subscriber
 * receives the events of its own tenant's writes (else the verdict is inconclusive).
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { checkProperty } from '../harness/checks/check-property.ts';
import { findCanaries } from '../harness/checks/canaries.ts';
import type { Violation } from '../reports/verdict.ts';
import { AddressPool } from '../harness/realtime/address-pool.ts';
import { eventId } from '../harness/realtime/event-id.ts';
import { idsInFrame } from '../harness/realtime/ids-in-frame.ts';
import { RealtimeSession, type SubscribeOutcome } from '../harness/realtime/realtime-session.ts';
import type { RealtimeSocket } from '../harness/realtime/realtime-socket.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { buildRequest, createScratch, expectationOf } from '../harness/suite/operations.ts';
import { matches } from '../harness/checks/expectation.ts';
import type { UserRecord } from '../harness/provision/world.ts';
import { realtimeScenario, type RealtimeScenario } from '../generators/realtime-scenario.ts';

/** How long a subscriber may take to receive its own tenant's events. */
const DELIVERY_MS = 3000;
/** Extra listening after the last own event, for foreign events sent just after it. */
const SETTLE_MS = 100;
/** At most this many cases: each one opens sockets for every tenant and writes over HTTP. */
const MAX_RUNS = 8;

interface Listener {
  user: UserRecord;
  socket: RealtimeSocket;
}

interface Observed {
  listeners: Listener[];
  intruderSocket: RealtimeSocket;
  intruderOutcome: SubscribeOutcome;
  /** Resource ids each tenant's writes touched, by tenant index. */
  idsByTenant: Map<number, Set<string>>;
}

export const ti6 = defineInvariant({
  id: 'TI-6',
  title: 'Realtime delivery never crosses tenants',
  description:
    'subscribers of every tenant, while random tenants create/update/delete, never receive a foreign event, id or canary; subscribing to a foreign topic is refused',
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-200',
  requires: ['http', 'realtime'],
  async run(ctx) {
    const rt = ctx.config.realtime!;
    const resources = (rt.resources ?? Object.keys(ctx.config.resources)).filter((r) => ctx.config.resources[r]);
    const resource = resources[0]!;
    const contract = ctx.config.resources[resource]!;
    const addresses = new AddressPool(20);
    const session = new RealtimeSession(ctx, 'TI-6', rt);
    const firstOfTenant = ctx.world.tenants.map((t) => ctx.world.users.find((u) => u.tenantIndex === t.index)!);
    const worldIds = new Map(ctx.world.resources.map((r) => [r.id, ctx.world.users.find((u) => u.tenantId === r.tenantId)!.tenantIndex]));
    let observed: Observed | undefined;
    const tally = { cases: 0, writes: 0, ownEventsReceived: 0, foreignSubscriptionsRefused: 0 };

    const write = async (user: UserRecord, op: 'create' | 'update' | 'delete'): Promise<string> => {
      const row = await createScratch(ctx, 'TI-6', resource, user);
      if (op === 'create' || !contract[op]) return row.id;
      const { req } = buildRequest(ctx, resource, op, user, row.id);
      const res = await ctx.send('TI-6', { actor: user }, req, `write:${op}`);
      if (!matches(expectationOf(ctx, resource, op, 'succeeded'), res)) throw new Error(`setup: ${op} of ${resource} ${row.id} by its owner got ${res.status}`);
      return row.id;
    };

    try {
      return await checkProperty<RealtimeScenario>(ctx, {
        invariant: 'TI-6',
        arbitrary: realtimeScenario(ctx.world.users),
        numRuns: Math.min(MAX_RUNS, ctx.config.profiles[ctx.handle.profile as 'ci'].numRuns),
        async control({ writes, intruder }) {
          await session.close();
          observed = undefined;
          tally.cases += 1;
          const listeners: Listener[] = [];
          for (const user of firstOfTenant) {
            const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'subscriber' });
            if (!socket.opened) return `the subscriber of tenant ${user.tenantIndex} was refused at upgrade (${socket.status ?? socket.refusal})`;
            const outcome = await session.subscribe(socket, rt.topic(user));
            if (outcome.kind !== 'subscribed') return `subscribing tenant ${user.tenantIndex} to its own topic ${rt.topic(user)} ended ${outcome.kind}`;
            listeners.push({ user, socket });
          }
          const actor = ctx.world.users[intruder.actor]!;
          const victim = ctx.world.users[intruder.victim]!;
          const intruderSocket = await session.open({ credentials: { actor }, localAddress: addresses.next(), label: 'foreign-subscribe' });
          if (!intruderSocket.opened)
            return `user ${actor.index} of tenant ${actor.tenantIndex} was refused at upgrade (${intruderSocket.status ?? intruderSocket.refusal})`;
          const intruderOutcome = await session.subscribe(intruderSocket, rt.topic(victim));

          const idsByTenant = new Map<number, Set<string>>();
          for (const w of writes) {
            const user = ctx.world.users[w.actor]!;
            const id = await write(user, w.op);
            tally.writes += 1;
            if (!idsByTenant.has(user.tenantIndex)) idsByTenant.set(user.tenantIndex, new Set());
            idsByTenant.get(user.tenantIndex)!.add(id);
          }
          const deadline = Date.now() + DELIVERY_MS;
          for (const { user, socket } of listeners) {
            for (const id of idsByTenant.get(user.tenantIndex) ?? []) {
              const frame = await socket.waitFor((m) => eventId(rt, m) === id, Math.max(0, deadline - Date.now()));
              if (!frame)
                return `the subscriber of tenant ${user.tenantIndex} did not receive the event of its own ${resource} ${id} within ${DELIVERY_MS} ms, so a foreign event could not be told from none`;
              tally.ownEventsReceived += 1;
            }
          }
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          observed = { listeners, intruderSocket, intruderOutcome, idsByTenant };
          return undefined;
        },
        async probe({ intruder }) {
          const { listeners, intruderSocket, intruderOutcome, idsByTenant } = observed!;
          const actor = ctx.world.users[intruder.actor]!;
          const victim = ctx.world.users[intruder.victim]!;
          const foreignIds = (tenant: number) =>
            new Set([
              ...[...idsByTenant].filter(([t]) => t !== tenant).flatMap(([, ids]) => [...ids]),
              ...[...worldIds].filter(([, t]) => t !== tenant).map(([id]) => id),
            ]);
          const problems: string[] = [];
          const steps: Violation['steps'] = [];
          let leaked: string[] = [];
          let receiver = actor;
          if (intruderOutcome.kind === 'subscribed') {
            problems.push(`user ${actor.index} of tenant ${actor.tenantIndex} subscribed to tenant ${victim.tenantIndex}'s topic ${rt.topic(victim)}`);
            steps.push(
              socketStep(rt, intruderSocket, { sent: rt.subscribe(rt.topic(victim)), received: intruderOutcome.text, note: 'subscribe to a foreign topic' }),
            );
          } else {
            tally.foreignSubscriptionsRefused += 1;
          }
          for (const { user, socket } of [...listeners, { user: actor, socket: intruderSocket }]) {
            const foreign = foreignIds(user.tenantIndex);
            for (const frame of socket.frames) {
              const canaries = findCanaries(frame.text)
                .filter((c) => c.tenantIndex !== user.tenantIndex)
                .map((c) => c.canary);
              const ids = idsInFrame(frame.text, eventId(rt, frame.message), foreign);
              if (canaries.length === 0 && ids.length === 0) continue;
              leaked = [...new Set([...leaked, ...canaries])];
              if (problems.length === 0) receiver = user;
              problems.push(
                `a subscriber of tenant ${user.tenantIndex} received ${ids.length ? `foreign id ${ids[0]}` : ''}${ids.length && canaries.length ? ' and ' : ''}${canaries.length ? `canary ${canaries[0]}` : ''}`,
              );
              if (steps.length < 5)
                steps.push(socketStep(rt, socket, { received: frame.text, note: `frame received by a subscriber of tenant ${user.tenantIndex}` }));
            }
          }
          if (problems.length === 0) return undefined;
          return {
            invariant: 'TI-6',
            message: `${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
            actor: { tenant: receiver.tenantId, user: receiver.id, role: receiver.role },
            victim: receiver === actor ? { tenant: victim.tenantId } : undefined,
            leakedCanaries: leaked,
            steps,
          };
        },
        details: () => ({ ...tally }),
      });
    } finally {
      await session.close();
    }
  },
});
