/**
 * AUTH-5's second-hello case, for services that authenticate in the first message: a socket
 * authenticated as A sends another authentication message carrying B's token (B of another
 * tenant). Refusing it (an error frame, a close) or ignoring it are both correct; adopting it is
 * not, because the socket then holds A's subscriptions and acts in B's tenant at once, and every
 * per-identity rule judged at the first message (bans, socket caps, audit) is sidestepped.
 */
import { Unprovable } from '../checks/check-property.ts';
import { findCanaries } from '../checks/canaries.ts';
import type { RealtimeContract } from '../config/schema.ts';
import type { UserRecord } from '../provision/world.ts';
import { createScratch } from '../suite/operations.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { Violation } from '../../reports/verdict.ts';
import { eventId } from './event-id.ts';
import { idsInFrame } from './ids-in-frame.ts';
import type { RealtimeSession } from './realtime-session.ts';
import type { RealtimeSocket } from './realtime-socket.ts';
import { socketStep } from './socket-step.ts';

/** How long an own event may take to arrive. */
const EVENT_MS = 1500;
/** Listening after the other tenant's write, for its event. */
const SETTLE_MS = 250;

/** The contract's first-message builder, when the socket authenticates in its first message. */
export function helloBuilder(rt: RealtimeContract): ((token: string) => unknown) | undefined {
  return rt.auth?.in === 'message' ? rt.auth.build : undefined;
}

/** The socket a second-hello case left for its probe, with what it has already seen. */
interface Pending {
  socket: RealtimeSocket;
  actor: UserRecord;
  victim: UserRecord;
  from: number;
  localAddress: string;
}

/**
 * The case in two halves. `control`: A's socket subscribes and receives its own event, sends the
 * second hello, then still receives its own event (or was closed: refused), else it says why.
 * `probe`: the socket subscribes to B's topic and B writes; neither may reach it.
 */
export function secondHello(ctx: SuiteContext, session: RealtimeSession, resource: string) {
  const rt = session.contract;
  const build = helloBuilder(rt)!;
  let pending: Pending | undefined;
  const ownEvent = async (socket: RealtimeSocket, actor: UserRecord, from: number) => {
    const row = await createScratch(ctx, 'AUTH-5', resource, actor);
    return { id: row.id, frame: await socket.waitFor((m) => eventId(rt, m) === row.id, EVENT_MS, from) };
  };
  return {
    async control(actor: UserRecord, victim: UserRecord, localAddress: string): Promise<string | undefined> {
      const own = rt.topic(actor);
      const socket = await session.open({ credentials: { actor }, localAddress, label: 'second-hello' });
      if (!socket.opened || (await session.subscribe(socket, own)).kind !== 'subscribed')
        return `a valid first hello could not open and subscribe to ${own} (${socket.status ?? socket.closeCode ?? 'no acknowledgement'})`;
      const before = await ownEvent(socket, actor, 0);
      if (!before.frame) return `the subscriber did not receive the event of its own ${resource} ${before.id} before the second hello`;
      const from = socket.frames.length;
      socket.send(build(await ctx.token(victim)));
      pending = { socket, actor, victim, from, localAddress };
      const after = await ownEvent(socket, actor, from);
      // A socket the service closed refused the second hello; one left open must still act as A.
      if (!after.frame && !socket.isClosed)
        return `after a second hello the socket stayed open but no longer received the event of its own ${resource} ${after.id}, so ignoring the hello could not be told from switching`;
      return undefined;
    },
    async probe(): Promise<Violation | undefined> {
      const { socket, actor, victim, from, localAddress } = pending!;
      const foreignTopic = rt.topic(victim);
      // A socket of A that never sent a second hello: if it may join B's topic too, that is TI-6's
      // finding, and a switch could not be told from it. From the case's own address, so no other
      // check's per-address budget pays for it.
      const baseline = await session.open({ credentials: { actor }, localAddress, label: 'second-hello-baseline' });
      const plain = await session.subscribe(baseline, foreignTopic);
      await baseline.close();
      if (plain.kind === 'subscribed')
        throw new Unprovable(
          `a socket of user ${actor.index} joins ${foreignTopic} without a second hello (TI-6), so a switch by the second hello could not be told apart`,
        );
      const joined = await session.subscribe(socket, foreignTopic);
      const foreign = await createScratch(ctx, 'AUTH-5', resource, victim);
      await socket.waitClosed(SETTLE_MS);
      await socket.close();
      const leaked = socket.frames
        .slice(from)
        .filter(
          (f) => idsInFrame(f.text, eventId(rt, f.message), [foreign.id]).length > 0 || findCanaries(f.text).some((c) => c.tenantIndex === victim.tenantIndex),
        );
      const problems = [
        ...(joined.kind === 'subscribed' ? [`then subscribed to the other tenant's topic ${foreignTopic}`] : []),
        ...(leaked.length ? [`then received the other tenant's ${resource} ${foreign.id}`] : []),
      ];
      if (problems.length === 0) return undefined;
      return {
        invariant: 'AUTH-5',
        message: `a socket authenticated as user ${actor.index} (tenant ${actor.tenantIndex}) sent a second hello with the token of user ${victim.index} (tenant ${victim.tenantIndex}) and ${problems.join(', and ')}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource, id: foreign.id },
        leakedCanaries: [...new Set(leaked.flatMap((f) => findCanaries(f.text).map((c) => c.canary)))],
        steps: [
          socketStep(rt, socket, { sent: rt.subscribe(foreignTopic), received: joined.text, note: `after the second hello: ${joined.kind}` }),
          ...leaked.slice(0, 3).map((f) => socketStep(rt, socket, { received: f.text, note: "the other tenant's event" })),
        ],
        labels: { variant: 'second-hello' },
      };
    },
  };
}
