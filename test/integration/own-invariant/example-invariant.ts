/**
 * A service's own invariant, written the way a user writes one: one file, imported from
 * 'tenantproof', named in the contract's `invariants`. Unknown routes must answer 404 without
 * showing a stack trace, judged against a positive control (the health endpoint answers).
 */
import fc from 'fast-check';
import { checkProperty, defineInvariant } from 'tenantproof';

const STACK_FRAME = /\bat \S+ \(?\/.+:\d+:\d+\)?/;

export const unknownRoutes = defineInvariant({
  id: 'EX-1',
  title: 'Unknown routes answer 404 without a stack trace',
  description: 'a GET of a random unknown path, as any provisioned user, answers 404 and shows no stack frame',
  severity: 'low',
  owasp: 'API8:2023 Security Misconfiguration',
  cwe: 'CWE-209',
  requires: ['http'],
  run: (ctx) =>
    checkProperty(ctx, {
      invariant: 'EX-1',
      arbitrary: fc.record({ segment: fc.stringMatching(/^[a-z]{3,12}$/), actor: fc.nat({ max: ctx.world.users.length - 1 }) }),
      async control() {
        const res = await ctx.send('EX-1', 'none', { method: 'GET', path: ctx.config.target.healthPath }, 'control');
        return res.status === 200 ? undefined : `the health endpoint answered ${res.status}`;
      },
      async probe({ segment, actor }) {
        const user = ctx.world.users[actor]!;
        const req = { method: 'GET', path: `/tenantproof-unknown/${segment}` };
        const res = await ctx.send('EX-1', { actor: user }, req, 'unknown-route');
        if (res.status === 404 && !STACK_FRAME.test(res.text)) return undefined;
        return { invariant: 'EX-1', message: `GET ${req.path} answered ${res.status}${STACK_FRAME.test(res.text) ? ' with a stack trace' : ''}`, steps: [] };
      },
    }),
});
