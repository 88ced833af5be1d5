/**
 * WEB family, realtime: WEB-3. A websocket upgrade from a browser origin outside the declared
 * allow-list is refused even with a valid token (cross-site websocket hijacking: the victim's
 * browser would otherwise open an authenticated socket for the attacker's page). Positive
 * control: the same upgrade from a declared origin (or, with none declared, without Origin) opens.
 * Checked only where the attack exists or is declared against: the socket's credentials are
 * ambient (a cookie the browser attaches to any page's upgrade), or the contract declares an origin
 * policy (`realtime.allowedOrigins`). A token the page must place itself (header, query,
 * subprotocol, first message) is one a foreign page does not have.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { AddressPool } from '../harness/realtime/address-pool.ts';
import { RealtimeSession } from '../harness/realtime/realtime-session.ts';
import { socketStep } from '../harness/realtime/socket-step.ts';
import { unservedRefusal } from '../harness/realtime/unserved-refusal.ts';
import { foreignOrigin, foreignOriginVariants } from '../generators/foreign-origin.ts';

/** How long an opened socket from a foreign origin has to show the declared refusal. */
const REFUSAL_MS = 1000;

export const web3 = defineInvariant({
  id: 'WEB-3',
  title: 'Websocket upgrades from foreign origins are refused',
  description:
    'where the socket credentials are ambient (a cookie) or realtime.allowedOrigins is declared, upgrades from origins outside the allow-list (null, look-alikes, downgrade, random sites) are refused',
  severity: 'medium',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-1385',
  requires: ['http', 'realtime'],
  async run(ctx) {
    const rt = ctx.config.realtime!;
    const auth = rt.auth ?? ctx.config.identity.transport;
    if (auth.in !== 'cookie' && rt.allowedOrigins.length === 0)
      return skipped(
        'WEB-3',
        `the websocket token travels in the ${auth.in}, which a foreign page cannot supply, and the contract declares no realtime.allowedOrigins: no cross-site hijacking to check (declare realtime.allowedOrigins to have an origin policy enforced)`,
      );
    const addresses = new AddressPool(22);
    const session = new RealtimeSession(ctx, 'WEB-3', rt);
    const allowed = rt.allowedOrigins;
    const refusal = rt.refusals.forbidden;
    const tally: Record<string, 'refused' | 'accepted'> = {};

    try {
      return await checkProperty(ctx, {
        invariant: 'WEB-3',
        arbitrary: fc.record({ origin: foreignOrigin(allowed), actor: fc.nat({ max: ctx.world.users.length - 1 }) }),
        examples: foreignOriginVariants(allowed).map((origin) => ({ origin, actor: 0 })),
        async control({ actor }) {
          const user = ctx.world.users[actor]!;
          const headers = allowed[0] ? { origin: allowed[0] } : undefined;
          const socket = await session.open({ credentials: { actor: user }, headers, localAddress: addresses.next(), label: 'control' });
          const outcome = socket.opened ? await session.subscribe(socket, rt.topic(user)) : undefined;
          await socket.close();
          if (outcome?.kind === 'subscribed') return undefined;
          return `a valid token from ${allowed[0] ?? 'no Origin'} could not open and subscribe (${socket.status ?? outcome?.kind ?? socket.refusal})`;
        },
        async probe({ origin, actor }) {
          const user = ctx.world.users[actor]!;
          const topic = rt.topic(user);
          const socket = await session.open({
            credentials: { actor: user },
            headers: { origin: origin.origin },
            localAddress: addresses.next(),
            label: `origin:${origin.id}`,
          });
          const { problem, received } = await unservedRefusal(session, socket, topic, refusal, REFUSAL_MS);
          tally[origin.id] = problem ? 'accepted' : (tally[origin.id] ?? 'refused');
          await socket.close();
          if (!problem) return undefined;
          return {
            invariant: 'WEB-3',
            message: `websocket upgrade with Origin ${origin.origin} (${origin.id}, allowed: ${allowed.join(', ') || 'none'}): ${problem}`,
            actor: { tenant: user.tenantId, user: user.id, role: user.role },
            steps: [socketStep(rt, socket, { sent: socket.opened ? rt.subscribe(topic) : undefined, received, note: `Origin: ${origin.origin}` })],
            labels: { variant: origin.id },
          };
        },
        details: () => ({ perOrigin: tally }),
      });
    } finally {
      await session.close();
    }
  },
});
