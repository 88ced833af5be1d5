/**
 * PO family: platform owners, the cross-tenant super users.
 * PO-1: cross-tenant access by the platform-owner role is refused without the declared MFA claim.
 * PO-2: every cross-tenant access by a platform owner is audited with actor, tenant, action and time.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import { foreignCanaries } from '../harness/checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../harness/checks/expectation.ts';
import type { ProbeResponse } from '../harness/http/types.ts';
import { openAuditWindow } from '../harness/suite/audit-sink.ts';
import { type SuiteContext } from '../harness/suite/suite-context.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import type { TenantRecord, UserRecord } from '../harness/provision/world.ts';
import { platformOwnerDefect, platformOwnerDefects, type PlatformOwnerDefect } from '../generators/platform-owner-defect.ts';

interface Access {
  operation: string;
  /** Index into the tenants other than the platform owner's own. */
  tenant: number;
}

/** What both invariants need from the contract and the world, or why they cannot run. */
function platformSetup(ctx: SuiteContext) {
  const contract = ctx.config.platformOwner;
  if (!contract) return 'the contract declares no platformOwner section';
  const owner = ctx.world.platformOwners?.[0];
  if (!owner) return 'no platform owner was provisioned';
  const targets = ctx.world.tenants.filter((t) => t.id !== owner.tenantId);
  const mfaClaim = contract.mfa.claim ?? ctx.config.identity.claims.mfa;
  const roleClaim = ctx.config.identity.claims.role;
  // The owner was provisioned with the platform-owner role, so its claims carry that role in the contract's own shape.
  const withMfa = { ...ctx.claimsFor(owner), [mfaClaim]: contract.mfa.value };
  const otherRole = ctx.config.provisioning.roles.find((r) => r !== contract.role);
  const operations = Object.keys(contract.operations);

  /** Sends one platform operation into `tenant` as the owner, with `claims` in the token. */
  const access = (invariant: string, { operation, tenant }: Access, claims: Record<string, unknown>, label: string) => {
    const target = targets[tenant]!;
    const req = contract.operations[operation]!.request({ actor: owner, tenant: { id: target.id, name: target.name } });
    return ctx.send(invariant, { actor: owner, claims }, req, label).then((res) => ({ req, res, target }));
  };
  const expectation = (operation: string, kind: 'succeeded' | 'refused') => contract.operations[operation]![kind] ?? ctx.config.expectations[kind];
  const tenantCanaries = (res: ProbeResponse, tenant: TenantRecord) => foreignCanaries(res, (c) => c.tenantIndex !== tenant.index);

  /** The rightful access (owner with MFA) succeeds and shows the tenant's data, so a leak could be seen. */
  const control = async (invariant: string, value: Access): Promise<string | undefined> => {
    const { req, res, target } = await access(invariant, value, withMfa, 'control:owner-with-mfa');
    const expected = expectation(value.operation, 'succeeded');
    if (!matches(expected, res))
      return `the platform owner with MFA got ${describeAnswer(expected, res)} on ${req.method} ${req.path}, expected ${describeExpectation(expected)}`;
    if (tenantCanaries(res, target).length === 0)
      return `${req.method} ${req.path} shows no data of tenant ${target.index}, so a cross-tenant read could not be seen`;
    return undefined;
  };
  const arbitrary = fc.record({ operation: fc.constantFrom(...operations), tenant: fc.nat({ max: targets.length - 1 }) });
  const defectOptions = {
    mfaClaim,
    mfaValue: contract.mfa.value,
    roleClaim,
    otherRole: otherRole === undefined ? undefined : ctx.claimsFor({ ...owner, role: otherRole })[roleClaim],
  };
  return { owner, targets, withMfa, operations, access, expectation, tenantCanaries, control, arbitrary, defectOptions };
}

/** The owner's valid claims bent by one defect. */
function bent(claims: Record<string, unknown>, defect: PlatformOwnerDefect): Record<string, unknown> {
  const result = { ...claims, ...defect.set };
  for (const name of defect.omit) delete result[name];
  return result;
}

function actorOf(owner: UserRecord) {
  return { tenant: owner.tenantId, user: owner.id, role: owner.role };
}

export const po1 = defineInvariant({
  id: 'PO-1',
  title: 'Platform-owner cross-tenant access requires MFA',
  description:
    "a platform owner's cross-tenant access without the declared MFA claim (absent, null, empty, password-only, look-alike, case-changed), or with MFA but no platform-owner role, is refused and shows none of the tenant's canaries",
  severity: 'high',
  owasp: OWASP.BFLA,
  cwe: 'CWE-308',
  requires: ['http', 'database'],
  async run(ctx) {
    const setup = platformSetup(ctx);
    if (typeof setup === 'string') return skipped('PO-1', setup);
    const { owner, targets, operations, access, expectation, tenantCanaries, control, arbitrary, defectOptions } = setup;
    const tally: Record<string, 'refused' | 'accepted'> = {};
    return checkProperty(ctx, {
      invariant: 'PO-1',
      arbitrary: fc.record({ access: arbitrary, defect: platformOwnerDefect(defectOptions) }),
      examples: operations.flatMap((operation) => platformOwnerDefects(defectOptions).map((defect) => ({ access: { operation, tenant: 0 }, defect }))),
      control: ({ access: value }) => control('PO-1', value),
      async probe({ access: value, defect }) {
        const { req, res, target } = await access('PO-1', value, bent(setup.withMfa, defect), defect.id);
        const expected = expectation(value.operation, 'refused');
        const leaked = tenantCanaries(res, target);
        const refused = matches(expected, res) && leaked.length === 0;
        if (tally[defect.id] !== 'accepted') tally[defect.id] = refused ? 'refused' : 'accepted';
        if (refused) return undefined;
        return {
          invariant: 'PO-1',
          message: `${value.operation} into tenant ${target.index} as the platform owner with ${defect.id}: ${describeAnswer(expected, res)}${leaked.length ? `, showing ${leaked.length} of the tenant's canaries` : ''} (expected ${describeExpectation(expected)})`,
          actor: actorOf(owner),
          victim: { tenant: target.id },
          leakedCanaries: leaked.map((c) => c.canary),
          steps: [step(req, res, `token: platform owner, ${defect.id} (set ${JSON.stringify(defect.set)}, omitted ${JSON.stringify(defect.omit)})`)],
          labels: { defect: defect.id, operation: value.operation },
        };
      },
      details: () => ({ perDefect: tally, targetTenants: targets.length }),
    });
  },
});

export const po2 = defineInvariant({
  id: 'PO-2',
  title: 'Platform-owner cross-tenant access is audited',
  description: 'every cross-tenant access by a platform owner with MFA leaves an audit record naming actor, tenant, action and time',
  severity: 'high',
  owasp: OWASP.UNSAFE_CONSUMPTION,
  cwe: 'CWE-778',
  requires: ['http', 'database'],
  async run(ctx) {
    const setup = platformSetup(ctx);
    if (typeof setup === 'string') return skipped('PO-2', setup);
    const action = ctx.config.audit?.actions.platformAccess;
    if (!action) return skipped('PO-2', 'the contract declares no audit sink with an audit.actions.platformAccess action');
    const { owner, targets, operations, access, control, arbitrary } = setup;
    return checkProperty(ctx, {
      invariant: 'PO-2',
      arbitrary,
      examples: operations.flatMap((operation) => targets.map((_, tenant) => ({ operation, tenant }))),
      control: (value) => control('PO-2', value),
      async probe(value) {
        const window = await openAuditWindow(ctx);
        const { req, res, target } = await access('PO-2', value, setup.withMfa, 'owner-with-mfa');
        const records = await window.records((rs) => rs.some((r) => r.action === action));
        const ofAccess = records.filter((r) => r.action === action && r.actor === owner.id && r.tenant?.toLowerCase() === target.id.toLowerCase());
        const timed = ofAccess.filter((r) => r.at !== undefined);
        if (timed.length > 0) return undefined;
        const seen = records.filter((r) => r.action === action);
        const problem =
          ofAccess.length > 0
            ? `its ${action} record has no time`
            : seen.length > 0
              ? `${seen.length} ${action} record(s) appeared, none naming actor ${owner.id} and tenant ${target.id} (saw ${JSON.stringify(seen.map((r) => ({ actor: r.actor, tenant: r.tenant })))})`
              : `no ${action} record appeared in the audit sink`;
        return {
          invariant: 'PO-2',
          message: `the platform owner's ${value.operation} into tenant ${target.index} answered ${res.status}, but ${problem}`,
          actor: actorOf(owner),
          victim: { tenant: target.id },
          steps: [step(req, res, `audit records written during the access: ${records.length}`)],
          labels: { operation: value.operation },
        };
      },
    });
  },
});
