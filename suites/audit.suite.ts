/**
 * AUD family: the audit trail.
 * AUD-1: each refused token and cross-tenant attempt the harness caused appears in the declared
 * audit sink with the required fields, and the counts match what the harness saw refused.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import type { Violation } from '../reports/verdict.ts';
import { describeAnswer, describeExpectation, matches } from '../harness/checks/expectation.ts';
import type { ProbeRequest } from '../harness/http/types.ts';
import { generateSigningKey, type SigningKey } from '../harness/identity/index.ts';
import { openAuditWindow, type AuditRecord } from '../harness/suite/audit-sink.ts';
import { buildRequest, createScratch, expectationOf, type OperationName } from '../harness/suite/operations.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { refusedTokenCredentials } from '../harness/suite/refused-token-credentials.ts';
import type { UserRecord } from '../harness/provision/world.ts';
import { crossTenantPair } from '../generators/cross-tenant-pair.ts';
import { refusedTokenBurst, type RefusedTokenKind } from '../generators/refused-token.ts';

type Case =
  | { kind: 'refused-token'; burst: { kind: RefusedTokenKind; count: number }; target: { resource: string; op: OperationName }; actor: number }
  | { kind: 'cross-tenant'; target: { resource: string; op: OperationName }; pair: { actor: number; victim: number } };

const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

export const aud1 = defineInvariant({
  id: 'AUD-1',
  title: 'Refusals and violations reach the audit sink',
  description:
    'each refused token (bursts of expired, wrong audience/issuer, bad signature, unknown key, garbage) and each refused cross-tenant attempt appears in the audit sink, counted exactly, with actor/tenant/time',
  severity: 'high',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-778',
  requires: ['http', 'database'],
  async run(ctx) {
    const audit = ctx.config.audit;
    if (!audit) return skipped('AUD-1', 'the contract declares no audit section');
    const { refusedToken: tokenAction, crossTenant: crossAction } = audit.actions;
    if (!tokenAction && !crossAction) return skipped('AUD-1', 'the contract declares neither audit.actions.refusedToken nor audit.actions.crossTenant');

    const reads = Object.entries(ctx.config.resources).flatMap(([resource, c]) =>
      (['list', 'read'] as const).filter((op) => c[op]).map((op) => ({ resource, op: op as OperationName })),
    );
    const byId = Object.entries(ctx.config.resources).flatMap(([resource, c]) =>
      (['read', 'update', 'delete'] as const).filter((op) => c[op]).map((op) => ({ resource, op: op as OperationName })),
    );
    const users = ctx.world.users;
    const kinds: fc.Arbitrary<Case>[] = [];
    if (tokenAction && reads.length > 0) {
      kinds.push(
        fc.record({
          kind: fc.constant('refused-token' as const),
          burst: refusedTokenBurst(),
          target: fc.constantFrom(...reads),
          actor: fc.nat({ max: users.length - 1 }),
        }),
      );
    }
    if (crossAction && byId.length > 0) {
      kinds.push(fc.record({ kind: fc.constant('cross-tenant' as const), target: fc.constantFrom(...byId), pair: crossTenantPair(users) }));
    }
    if (kinds.length === 0)
      return skipped('AUD-1', 'the contract declares no list/read operation to present tokens to and no by-id operation to attempt across tenants');

    let unknownKey: Promise<SigningKey> | undefined;
    const key = () => (unknownKey ??= generateSigningKey(ctx.config.identity.algorithms.includes('ES256') ? 'ES256' : 'RS256', 'tenantproof-unknown'));
    const tally = { refusedTokens: 0, refusedTokenRecords: 0, crossTenantAttempts: 0, crossTenantRecords: 0 };

    /** A request for `target` as `actor`, on a fresh row `owner` created when the operation needs one. */
    const requestAs = async (target: { resource: string; op: OperationName }, actor: UserRecord, owner: UserRecord): Promise<ProbeRequest> => {
      if (target.op === 'list') return buildRequest(ctx, target.resource, 'list', actor).req;
      const row = await createScratch(ctx, 'AUD-1', target.resource, owner);
      return buildRequest(ctx, target.resource, target.op, actor, row.id).req;
    };
    const timeless = (records: AuditRecord[]) => records.filter((r) => r.at === undefined).length;

    return checkProperty<Case>(ctx, {
      invariant: 'AUD-1',
      arbitrary: fc.oneof(...kinds),
      async control(c) {
        // The same operation as its rightful actor succeeds: the probe reaches a live route.
        const actor = users[c.kind === 'refused-token' ? c.actor : c.pair.victim]!;
        const req = await requestAs(c.target, actor, actor);
        const res = await ctx.send('AUD-1', { actor }, req, 'control');
        const expected = expectationOf(ctx, c.target.resource, c.target.op, 'succeeded');
        return matches(expected, res)
          ? undefined
          : `${req.method} ${req.path} as its rightful user got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      },
      async probe(c): Promise<Violation | undefined> {
        if (c.kind === 'refused-token') {
          const actor = users[c.actor]!;
          const req = await requestAs(c.target, actor, actor);
          const credentials = await refusedTokenCredentials(ctx, c.burst.kind, actor, key);
          const window = await openAuditWindow(ctx);
          const responses = await Promise.all(
            Array.from({ length: c.burst.count }, () => ctx.send('AUD-1', credentials, req, `refused-token:${c.burst.kind}`)),
          );
          const expected = expectationOf(ctx, c.target.resource, c.target.op, 'unauthenticated');
          // Only refusals the harness saw are owed an audit record; an accepted token is AUTH's finding.
          const refused = responses.filter((res) => matches(expected, res)).length;
          const records = (await window.records((rs) => rs.filter((r) => r.action === tokenAction).length >= refused)).filter((r) => r.action === tokenAction);
          tally.refusedTokens += refused;
          tally.refusedTokenRecords += records.length;
          if (records.length === refused && timeless(records) === 0) return undefined;
          return {
            invariant: 'AUD-1',
            message: `${refused} ${c.burst.kind} token(s) refused on ${req.method} ${req.path}, ${records.length} ${tokenAction} record(s) in the audit sink${timeless(records) ? ` (${timeless(records)} without a time)` : ''}`,
            actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
            steps: responses.map((res) => step(req, res, `credentials: ${c.burst.kind} token`)),
            labels: { event: 'refused-token', token: c.burst.kind },
          };
        }
        const actor = users[c.pair.actor]!;
        const victim = users[c.pair.victim]!;
        const req = await requestAs(c.target, actor, victim);
        const window = await openAuditWindow(ctx);
        const res = await ctx.send('AUD-1', { actor }, req, `cross-tenant-${c.target.op}`);
        // A cross-tenant request that was not refused is TI-1/TI-2's finding, not an attempt to audit.
        if (!matches(expectationOf(ctx, c.target.resource, c.target.op, 'refused'), res)) return undefined;
        const records = (await window.records((rs) => rs.some((r) => r.action === crossAction))).filter((r) => r.action === crossAction);
        tally.crossTenantAttempts += 1;
        tally.crossTenantRecords += records.length;
        const fits = (r: AuditRecord) => same(r.actor, actor.id) && r.at !== undefined && (same(r.tenant, actor.tenantId) || same(r.tenant, victim.tenantId));
        if (records.length === 1 && fits(records[0]!)) return undefined;
        return {
          invariant: 'AUD-1',
          message: `tenant ${actor.tenantIndex}'s ${c.target.op} of a ${c.target.resource} row of tenant ${victim.tenantIndex} was refused (${res.status}); the audit sink has ${records.length} ${crossAction} record(s), expected 1 naming actor ${actor.id}, a time and the actor's or victim's tenant${records.length ? ` (saw ${JSON.stringify(records.map((r) => ({ actor: r.actor, tenant: r.tenant, at: r.at })))})` : ''}`,
          actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
          victim: { tenant: victim.tenantId, user: victim.id, resource: c.target.resource },
          steps: [step(req, res, 'cross-tenant attempt')],
          labels: { event: 'cross-tenant', operation: `${c.target.resource}.${c.target.op}` },
        };
      },
      details: () => ({ ...tally }),
    });
  },
});
