/**
 * AUTH family, realtime: AUTH-5. The websocket upgrade applies the same token rules as HTTP
 * (missing, expired, wrong audience or issuer, unknown key, bad signature and malformed tokens are
 * refused, and a refused socket receives no frames), and a socket whose token expires is closed,
 * or stops receiving, within the declared leeway. Where the token travels in the first message, a
 * second one with another tenant's token binds nothing: it belongs here rather than in TI-6
 * because what breaks is which credentials a socket is authenticated by (TI-6 checks delivery
 * under one fixed identity), and the cross-tenant data is only how the switch shows.
 * Positive control: a valid token opens a socket that subscribes to its own topic (for expiry,
 * receives an own event before the token expires; for the second hello, also after it).
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import type { Violation } from '../reports/verdict.ts';
import { generateSigningKey, type SigningKey } from '../harness/identity/index.ts';
import { AddressPool } from '../harness/realtime/address-pool.ts';
import { eventId } from '../harness/realtime/event-id.ts';
import { RealtimeSession } from '../harness/realtime/realtime-session.ts';
import { helloBuilder, secondHello } from '../harness/realtime/second-hello.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { unservedRefusal } from '../harness/realtime/unserved-refusal.ts';
import { type Credentials } from '../harness/suite/suite-context.ts';
import { createScratch } from '../harness/suite/operations.ts';
import { refusedTokenCredentials } from '../harness/suite/refused-token-credentials.ts';
import { REFUSED_TOKEN_KINDS, type RefusedTokenKind } from '../generators/refused-token.ts';

/** How long a socket opened with a bad token has to show the declared refusal. */
const REFUSAL_MS = 1000;
/** How long to wait for an own event (before expiry) or a late one (after). */
const EVENT_MS = 1500;
/** The token expires (leeway included) this long after the socket opens. */
const EXPIRES_IN_S = 2;

type Kind = 'missing' | RefusedTokenKind | 'expires-while-open' | 'second-hello';

export const auth5 = defineInvariant({
  id: 'AUTH-5',
  title: 'Websocket authentication applies the same rules',
  description:
    "the websocket upgrade refuses missing, expired, wrong-audience/issuer, unknown-key, bad-signature and garbage tokens (no frames served), a socket stops receiving once its token expires (leeway included), and a second first-message hello with another tenant's token switches nothing",
  severity: 'high',
  owasp: OWASP.AUTHN,
  cwe: 'CWE-306',
  requires: ['http', 'realtime'],
  async run(ctx) {
    const rt = ctx.config.realtime!;
    const resource = (rt.resources ?? Object.keys(ctx.config.resources))[0]!;
    const addresses = new AddressPool(21);
    const session = new RealtimeSession(ctx, 'AUTH-5', rt);
    const refusal = rt.refusals.unauthenticated;
    const leeway = ctx.config.identity.leewaySeconds;
    let foreignKey: Promise<SigningKey> | undefined;
    const key = () => (foreignKey ??= generateSigningKey('ES256', 'tenantproof-unknown-key'));
    const tally: Record<string, 'refused' | 'accepted'> = {};
    const kinds: Kind[] = ['missing', ...REFUSED_TOKEN_KINDS];

    const rehello = helloBuilder(rt) ? secondHello(ctx, session, resource) : undefined;
    const otherTenant = (actor: (typeof ctx.world.users)[number]) => ctx.world.users.find((u) => u.tenantIndex !== actor.tenantIndex);
    // Timed cases run once each, as examples; only the refusal kinds are drawn at random.
    const timed: Kind[] = ['expires-while-open', ...(rehello && otherTenant(ctx.world.users[0]!) ? (['second-hello'] as const) : [])];

    const credentialsFor = async (kind: Exclude<Kind, 'expires-while-open' | 'second-hello'>, actor: (typeof ctx.world.users)[number]): Promise<Credentials> =>
      kind === 'missing' ? 'none' : refusedTokenCredentials(ctx, kind, actor, key);

    const refused = async (
      kind: Exclude<Kind, 'expires-while-open' | 'second-hello'>,
      actor: (typeof ctx.world.users)[number],
    ): Promise<Violation | undefined> => {
      const socket = await session.open({ credentials: await credentialsFor(kind, actor), localAddress: addresses.next(), label: `upgrade:${kind}` });
      const { problem, received } = await unservedRefusal(session, socket, rt.topic(actor), refusal, REFUSAL_MS);
      tally[kind] = problem ? 'accepted' : (tally[kind] ?? 'refused');
      await socket.close();
      if (!problem) return undefined;
      return {
        invariant: 'AUTH-5',
        message: `websocket upgrade with ${kind === 'missing' ? 'no token' : `a ${kind} token`}: ${problem}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        steps: [socketStep(rt, socket, { sent: socket.opened ? rt.subscribe(rt.topic(actor)) : undefined, received, note: `credentials: ${kind}` })],
        labels: { variant: kind },
      };
    };

    const expiry = async (actor: (typeof ctx.world.users)[number]): Promise<Violation | undefined> => {
      const now = Math.floor(Date.now() / 1000);
      const ttl = 60;
      const socket = await session.open({
        credentials: { actor, mint: { now: now + EXPIRES_IN_S - leeway - ttl, ttlSeconds: ttl } },
        localAddress: addresses.next(),
        label: 'upgrade:expires-while-open',
      });
      const expiresAt = (now + EXPIRES_IN_S) * 1000;
      const topic = rt.topic(actor);
      if (!socket.opened || (await session.subscribe(socket, topic)).kind !== 'subscribed') {
        throw new Error(
          `control: a token valid for ${EXPIRES_IN_S} more seconds (leeway included) could not open and subscribe (${socket.status ?? socket.closeCode ?? 'no acknowledgement'})`,
        );
      }
      const before = await createScratch(ctx, 'AUTH-5', resource, actor);
      if (!(await socket.waitFor((m) => eventId(rt, m) === before.id, EVENT_MS))) {
        throw new Error(`control: the subscriber did not receive the event of its own ${resource} ${before.id} while its token was valid`);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 500));
      const from = socket.frames.length;
      const after = await createScratch(ctx, 'AUTH-5', resource, actor);
      const late = await socket.waitFor((m) => eventId(rt, m) === after.id, EVENT_MS, from);
      tally['expires-while-open'] = late ? 'accepted' : (tally['expires-while-open'] ?? 'refused');
      await socket.close();
      if (!late) return undefined;
      const afterMs = late.at - expiresAt;
      return {
        invariant: 'AUTH-5',
        message: `a socket whose token expired (leeway ${leeway} s included) ${(afterMs / 1000).toFixed(1)} s earlier still received the event of ${resource} ${after.id}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        steps: [socketStep(rt, socket, { sent: rt.subscribe(topic), received: late.text, note: 'event received after the token expired' })],
        labels: { variant: 'expires-while-open' },
      };
    };

    try {
      return await checkProperty(ctx, {
        invariant: 'AUTH-5',
        arbitrary: fc.record({ kind: fc.constantFrom<Kind>(...kinds), actor: fc.nat({ max: ctx.world.users.length - 1 }) }),
        examples: [...kinds, ...timed].map((kind) => ({ kind, actor: 0 })),
        async control({ kind, actor }) {
          const user = ctx.world.users[actor]!;
          if (kind === 'second-hello') return rehello!.control(user, otherTenant(user)!, addresses.next());
          const socket = await session.open({ credentials: { actor: user }, localAddress: addresses.next(), label: 'control' });
          const outcome = socket.opened ? await session.subscribe(socket, rt.topic(user)) : undefined;
          await socket.close();
          if (!socket.opened) return `a valid token was refused at upgrade (${socket.status ?? socket.refusal})`;
          return outcome?.kind === 'subscribed' ? undefined : `a valid token's socket could not subscribe to ${rt.topic(user)} (${outcome?.kind})`;
        },
        async probe({ kind, actor }) {
          if (kind === 'expires-while-open') return expiry(ctx.world.users[actor]!);
          if (kind !== 'second-hello') return refused(kind, ctx.world.users[actor]!);
          const violation = await rehello!.probe();
          tally['second-hello'] = violation ? 'accepted' : (tally['second-hello'] ?? 'refused');
          return violation;
        },
        details: () => ({ perCredential: tally }),
      });
    } finally {
      await session.close();
    }
  },
});
