/**
 * TI family: tenant isolation, judged against the database's ground truth and canaries.
 * TI-1: reading another tenant's resource by id (nested, or in a batch) is refused and leaks none of its canaries.
 * TI-2: updating or deleting another tenant's resource (nested: also under one's own parent) is refused and the row is unchanged.
 * TI-3: lists and searches show exactly the tenant's rows, checked after every step of stateful
 *       create/read/list/search/update/delete sequences by random actors.
 * TI-4: written rows land in the actor's tenant and owner (and parent) whatever ownership fields or parent the request names.
 * TI-5: concurrent bursts from many tenants never carry another tenant's canary.
 */
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import { foreignCanaries } from '../harness/checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../harness/checks/expectation.ts';
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { buildRequest, createScratch, expectationOf, rowSnapshot, type OperationName } from '../harness/suite/operations.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { checkIsolationModel } from '../harness/suite/isolation-model.ts';
import { checkMassAssignment } from '../harness/suite/mass-assignment.ts';
import { checkConcurrentBursts } from '../harness/suite/concurrent-bursts.ts';
import { checkForeignRead, readWays } from '../harness/suite/foreign-read.ts';
import { ownParent } from '../harness/suite/parents.ts';
import { coverTargetsAndPairs, crossTenantPair, everyTenantPair } from '../generators/cross-tenant-pair.ts';

export const ti1 = defineInvariant({
  id: 'TI-1',
  title: 'Cross-tenant read by id is refused and leaks no canary',
  description:
    "cross-tenant read by id is refused and leaks no canary; a nested resource's row is also asked for under a parent of the attacker's own, and a batch read with a foreign id among the attacker's own ids (at every position) must leave it out",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['http', 'database'],
  async run(ctx) {
    const { ways, unchecked } = readWays(ctx);
    if (ways.length === 0)
      return skipped('TI-1', `no resource declares a read by id or a batch read (resources.<name>.read or .batch): ${unchecked.join('; ')}`);
    return checkForeignRead(ctx, 'TI-1', ways, unchecked);
  },
});

export const ti2 = defineInvariant({
  id: 'TI-2',
  title: 'Cross-tenant update and delete are refused and change nothing',
  description: 'cross-tenant update/delete is refused and the row is unchanged',
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['http', 'database'],
  async run(ctx) {
    // A nested row is also attacked under a parent of the attacker's own (nested IDOR).
    const targets = Object.entries(ctx.config.resources).flatMap(([resource, c]) =>
      (['update', 'delete'] as const)
        .filter((op) => c[op])
        .flatMap((op) => (c.parent ? [false, true] : [false]).map((ownParentPath) => ({ resource, op: op as OperationName, ownParentPath }))),
    );
    if (targets.length === 0) return skipped('TI-2', 'no resource declares an update or delete operation (resources.<name>.update/.delete)');
    return checkProperty(ctx, {
      invariant: 'TI-2',
      arbitrary: fc.record({ target: fc.constantFrom(...targets), pair: crossTenantPair(ctx.world.users) }),
      examples: coverTargetsAndPairs(targets, everyTenantPair(ctx.world.users), (target, pair) => ({ target, pair })),
      async control({ target: { resource, op }, pair }) {
        const owner = ctx.world.users[pair.victim]!;
        const row = await createScratch(ctx, 'TI-2', resource, owner);
        const { req } = buildRequest(ctx, resource, op, owner, row.id);
        const before = await rowSnapshot(ctx, resource, row.id);
        const res = await ctx.send('TI-2', { actor: owner }, req, 'control');
        const after = await rowSnapshot(ctx, resource, row.id);
        const expected = expectationOf(ctx, resource, op, 'succeeded');
        if (!matches(expected, res)) return `the owner's ${op} of ${req.path} got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
        if (before === after) return `the owner's ${op} of ${req.path} succeeded but the row did not change, so a foreign write could not be seen`;
        return undefined;
      },
      async probe({ target: { resource, op, ownParentPath }, pair }) {
        const actor = ctx.world.users[pair.actor]!;
        const victim = ctx.world.users[pair.victim]!;
        const row = await createScratch(ctx, 'TI-2', resource, victim);
        const before = await rowSnapshot(ctx, resource, row.id);
        const parent = ctx.config.resources[resource]!.parent;
        const parentId = ownParentPath && parent ? ownParent(ctx, parent.resource, actor) : undefined;
        const { req } = buildRequest(ctx, resource, op, actor, row.id, undefined, { parentId });
        const res = await ctx.send('TI-2', { actor }, req, `cross-tenant-${op}`);
        const after = await rowSnapshot(ctx, resource, row.id);
        const expected = expectationOf(ctx, resource, op, 'refused');
        const leaked = foreignCanaries(res, (c) => c.tenantIndex === actor.tenantIndex);
        const problems = [
          !matches(expected, res) && `answered ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`,
          before !== after && (after === undefined ? 'the victim row was deleted' : 'the victim row changed'),
          leaked.length > 0 && `leaked ${leaked.map((c) => c.canary).join(', ')}`,
        ].filter((p): p is string => typeof p === 'string');
        if (problems.length === 0) return undefined;
        return {
          invariant: 'TI-2',
          message: `tenant ${actor.tenantIndex} ${op} of ${resource} ${row.id} owned by tenant ${victim.tenantIndex}${parentId ? ` under its own ${parent!.resource} ${parentId}` : ''}: ${problems.join('; ')}`,
          actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
          victim: { tenant: victim.tenantId, user: victim.id, resource, id: row.id },
          leakedCanaries: leaked.map((c) => c.canary),
          steps: [step(req, res, `row before: ${before ?? 'absent'}; row after: ${after ?? 'absent'}`)],
        };
      },
    });
  },
});

export const ti3 = defineInvariant({
  id: 'TI-3',
  title: "Lists, searches and exports return exactly the tenant's rows",
  description:
    "lists and searches show exactly the actor's rows (ground truth from the admin connection), checked after every step of fast-check model-based create/read/list/search/update/delete sequences by random actors; every response scanned for foreign canaries, each mapped back to its victim row; shrinks to the shortest failing sequence",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-200',
  requires: ['http', 'database'],
  async run(ctx) {
    const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.list);
    return resources.length === 0 ? skipped('TI-3', 'no resource declares a list') : await checkIsolationModel(ctx, { invariant: 'TI-3', resources });
  },
});

export const ti4 = defineInvariant({
  id: 'TI-4',
  title: "Created and updated rows land in the actor's tenant (mass assignment)",
  description:
    "creates and updates carrying tenant/owner fields naming another tenant (snake and camel case, contract column and claim names), and creates of a nested resource addressed under another tenant's parent, still store the row under the actor's tenant and user, and under a parent of the actor's tenant",
  severity: 'critical',
  owasp: OWASP.BOPLA,
  cwe: 'CWE-915',
  requires: ['http', 'database'],
  async run(ctx) {
    return checkMassAssignment(ctx, 'TI-4');
  },
});

export const ti5 = defineInvariant({
  id: 'TI-5',
  title: 'Concurrent interleavings never leak across tenants',
  description:
    "shrinkable bursts of up to 24 interleaved reads, lists and searches from every tenant over the kept-alive pool never carry another tenant's canary (pooled-session context leaks, caches and in-flight requests keyed without the tenant, module-global current tenant)",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-362',
  requires: ['http', 'database'],
  async run(ctx) {
    const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.list || ctx.config.resources[r]!.read);
    return checkConcurrentBursts(ctx, 'TI-5', resources);
  },
});
