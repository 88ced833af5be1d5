/**
 * WEB family: browser-facing guardrails.
 * WEB-1: CORS grants only declared origins: never `null`, never a reflected foreign origin, never
 * `*` with credentials, and (production) never a non-HTTPS origin.
 * WEB-2: every response carries a CSP (when the contract expects one) without `unsafe-inline` or
 * `unsafe-eval` scripts, `default-src *` or `frame-ancestors *`.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import { corsProblems } from '../harness/checks/cors-problems.ts';
import { cspWeaknesses } from '../harness/checks/csp-weaknesses.ts';
import { describeAnswer, describeExpectation, matches } from '../harness/checks/expectation.ts';
import type { ProbeRequest } from '../harness/http/types.ts';
import { type Credentials, type SuiteContext } from '../harness/suite/suite-context.ts';
import { buildRequest, declaredOperations, expectationOf, type OperationName } from '../harness/suite/operations.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import type { UserRecord } from '../harness/provision/world.ts';
import { foreignOrigin, foreignOriginVariants, type ForeignOrigin } from '../generators/foreign-origin.ts';

/**
 * Each declared operation as `user` would send it, on a provisioned row of the user's own where it
 * needs one. Only list and read are ever sent as they are; the others are only preflighted, so
 * these probes write nothing.
 */
function operationRequests(ctx: SuiteContext, user: UserRecord): Array<{ resource: string; op: OperationName; req: ProbeRequest }> {
  return declaredOperations(ctx).flatMap(({ resource, op }): Array<{ resource: string; op: OperationName; req: ProbeRequest }> => {
    if (op === 'create' || op === 'list') return [{ resource, op, req: buildRequest(ctx, resource, op, user).req }];
    const row = ctx.world.resources.find((r) => r.type === resource && r.ownerId === user.id);
    return row ? [{ resource, op, req: buildRequest(ctx, resource, op, user, row.id).req }] : [];
  });
}

/** The browser's preflight for `req` from `origin`: no credentials, the method and headers it would use. */
function preflight(ctx: SuiteContext, req: ProbeRequest, origin: string): ProbeRequest {
  const transport = ctx.config.identity.transport;
  const headers = ['content-type', ...(transport.in === 'header' ? [transport.name] : [])];
  return {
    method: 'OPTIONS',
    path: req.path,
    query: req.query,
    headers: { origin, 'access-control-request-method': req.method.toUpperCase(), 'access-control-request-headers': headers.join(', ') },
  };
}

export const web1 = defineInvariant({
  id: 'WEB-1',
  title: 'CORS allows only the declared origins',
  description:
    'CORS (preflights and credentialed requests) never grants `null`, a foreign or look-alike origin, `*` with credentials, or (production) an HTTP origin',
  severity: 'medium',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-942',
  requires: ['http', 'database'],
  async run(ctx) {
    const browser = ctx.config.browser;
    if (!browser) return skipped('WEB-1', 'the contract declares no browser section (allowed origins)');
    const policy = { allowedOrigins: browser.allowedOrigins, production: browser.production };
    const user = ctx.world.users[0]!;
    const requests = operationRequests(ctx, user);
    const sendable = requests.filter((r) => r.op === 'list' || r.op === 'read');
    // In production a declared http origin is itself a finding, so it is probed like a foreign one.
    const insecure = browser.production ? browser.allowedOrigins.filter((o) => o.startsWith('http:')).map((origin) => ({ id: 'declared-http', origin })) : [];
    const origins: fc.Arbitrary<ForeignOrigin> = insecure.length
      ? fc.oneof(foreignOrigin(browser.allowedOrigins), fc.constantFrom(...insecure))
      : foreignOrigin(browser.allowedOrigins);
    const trusted = browser.allowedOrigins.find((o) => !insecure.some((i) => i.origin === o));
    const exchange = async (index: number, isPreflight: boolean, origin: string, label: string) => {
      const { resource, op, req } = isPreflight ? requests[index % requests.length]! : sendable[index % sendable.length]!;
      const sent = isPreflight ? preflight(ctx, req, origin) : { ...req, headers: { ...req.headers, origin } };
      const credentials: Credentials = isPreflight ? 'none' : { actor: user };
      return { resource, op, sent, res: await ctx.send('WEB-1', credentials, sent, label) };
    };
    const tally: Record<string, 'refused' | 'granted'> = {};

    return checkProperty(ctx, {
      invariant: 'WEB-1',
      arbitrary: fc.record({
        origin: origins,
        request: fc.nat({ max: Math.max(requests.length, sendable.length) - 1 }),
        preflight: sendable.length ? fc.boolean() : fc.constant(true),
      }),
      examples: [...foreignOriginVariants(browser.allowedOrigins), ...insecure].flatMap((origin) =>
        [true, ...(sendable.length ? [false] : [])].map((p) => ({ origin, request: 0, preflight: p })),
      ),
      async control({ request, preflight: isPreflight }) {
        // A declared origin is granted (or, with none declared, the request reaches the service),
        // so the grant header a foreign origin must not get is one this service really sends.
        const { resource, op, sent, res } = await exchange(request, isPreflight, trusted ?? 'https://tenantproof-control.test', 'control');
        if (trusted !== undefined) {
          return res.headers['access-control-allow-origin'] === trusted
            ? undefined
            : `${sent.method} ${sent.path} from the declared origin ${trusted} got no Access-Control-Allow-Origin for it (${res.status})`;
        }
        const expected = expectationOf(ctx, resource, op, 'succeeded');
        return isPreflight || matches(expected, res)
          ? undefined
          : `${sent.method} ${sent.path} got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      },
      async probe({ origin, request, preflight: isPreflight }) {
        const { sent, res } = await exchange(request, isPreflight, origin.origin, `origin:${origin.id}`);
        const problems = corsProblems({ origin: origin.origin, headers: res.headers }, policy);
        if (tally[origin.id] !== 'granted') tally[origin.id] = problems.length ? 'granted' : 'refused';
        if (problems.length === 0) return undefined;
        return {
          invariant: 'WEB-1',
          message: `${isPreflight ? 'preflight' : sent.method} ${sent.path} from ${origin.origin} (${origin.id}): ${problems.join('; ')}`,
          actor: isPreflight ? undefined : { tenant: user.tenantId, user: user.id, role: user.role },
          steps: [step(sent, res, isPreflight ? 'CORS preflight, no credentials' : 'credentialed request with a foreign Origin')],
          labels: { origin: origin.id },
        };
      },
      details: () => ({ perOrigin: tally }),
    });
  },
});

/** Response kinds that must all carry the policy: success, the 401 of no credentials, a cross-tenant refusal. */
const RESPONSE_KINDS = ['success', 'unauthenticated', 'cross-tenant'] as const;

export const web2 = defineInvariant({
  id: 'WEB-2',
  title: 'CSP forbids inline script and framing by anyone',
  description:
    'every response (success, 401, cross-tenant refusal) carries a CSP without bare `unsafe-inline`/`unsafe-eval` scripts, `default-src *` or `frame-ancestors *`',
  severity: 'medium',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-1021',
  requires: ['http', 'database'],
  async run(ctx) {
    const browser = ctx.config.browser;
    if (!browser) return skipped('WEB-2', 'the contract declares no browser section (csp)');
    const user = ctx.world.users[0]!;
    const stranger = ctx.world.users.find((u) => u.tenantIndex !== user.tenantIndex)!;
    const requests = operationRequests(ctx, user).filter((r) => r.op === 'list' || r.op === 'read');
    if (requests.length === 0) return skipped('WEB-2', 'the contract declares no list or read operation to fetch responses with');
    const tally: Record<string, number> = {};

    return checkProperty(ctx, {
      invariant: 'WEB-2',
      arbitrary: fc.record({ request: fc.nat({ max: requests.length - 1 }), kind: fc.constantFrom(...RESPONSE_KINDS) }),
      examples: requests.flatMap((_, request) => RESPONSE_KINDS.map((kind) => ({ request, kind }))),
      async control({ request }) {
        const { resource, op, req } = requests[request]!;
        const res = await ctx.send('WEB-2', { actor: user }, req, 'control');
        const expected = expectationOf(ctx, resource, op, 'succeeded');
        return matches(expected, res)
          ? undefined
          : `${req.method} ${req.path} as its owner got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      },
      async probe({ request, kind }) {
        const { req } = requests[request]!;
        // A cross-tenant read of the user's row gives the refusal response; a list has none, so it is sent as is.
        const credentials: Credentials = kind === 'success' ? { actor: user } : kind === 'unauthenticated' ? 'none' : { actor: stranger };
        const res = await ctx.send('WEB-2', credentials, req, `response:${kind}`);
        const header = res.headers['content-security-policy'];
        const problems = header === undefined ? (browser.csp ? ['no Content-Security-Policy header'] : []) : cspWeaknesses(header);
        for (const p of problems) tally[p] = (tally[p] ?? 0) + 1;
        if (problems.length === 0) return undefined;
        return {
          invariant: 'WEB-2',
          message: `${req.method} ${req.path} (${kind}, ${res.status}): ${problems.join(', ')}${header ? ` in "${header}"` : ''}`,
          steps: [step(req, res, `credentials: ${kind === 'success' ? 'owner' : kind === 'unauthenticated' ? 'none' : 'a user of another tenant'}`)],
          labels: { response: kind },
        };
      },
      details: () => ({ problems: tally }),
    });
  },
});
