/**
 * TI family: tenant isolation, judged against the database's ground truth and canaries.
 * TI-1: reading another tenant's resource by id is refused and leaks none of its canaries.
 * TI-2: updating or deleting another tenant's resource is refused and the row is unchanged.
 * TI-3: lists and searches show exactly the tenant's rows, checked after every step of stateful
 *       create/read/list/search/update/delete sequences by random actors.
 * TI-4: written rows land in the actor's tenant and owner whatever ownership fields the body carries.
 * TI-5: concurrent bursts from many tenants never carry another tenant's canary.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { checkProperty } from '../harness/checks/check-property.ts';
import { foreignCanaries } from '../harness/checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../harness/checks/expectation.ts';
import { registerSuite } from '../harness/suite/context.ts';
import { buildRequest, createScratch, expectationOf, rowSnapshot, type OperationName } from '../harness/suite/operations.ts';
import { step } from '../harness/suite/probe-helpers.ts';
import { checkIsolationModel } from '../harness/suite/isolation-model.ts';
import { checkMassAssignment } from '../harness/suite/mass-assignment.ts';
import { checkConcurrentBursts } from '../harness/suite/concurrent-bursts.ts';
import { recordSkipped } from '../harness/suite/record-skipped.ts';
import { crossTenantPair } from '../generators/cross-tenant-pair.ts';

const suite = registerSuite();

test('TI-1 cross-tenant read by id is refused and leaks no canary', async () => {
  const ctx = suite();
  const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.read);
  const verdict = await checkProperty(ctx, {
    invariant: 'TI-1',
    arbitrary: fc.record({ resource: fc.constantFrom(...resources), pair: crossTenantPair(ctx.world.users) }),
    async control({ resource, pair }) {
      const owner = ctx.world.users[pair.victim]!;
      const row = await createScratch(ctx, 'TI-1', resource, owner);
      const { req } = buildRequest(ctx, resource, 'read', owner, row.id);
      const res = await ctx.send('TI-1', { actor: owner }, req, 'control');
      const expected = expectationOf(ctx, resource, 'read', 'succeeded');
      if (!matches(expected, res)) return `the owner reading ${req.path} got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      if (!res.text.includes(row.canary)) return `the owner's read of ${req.path} does not show the stored canary, so a leak could not be seen`;
      return undefined;
    },
    async probe({ resource, pair }) {
      const actor = ctx.world.users[pair.actor]!;
      const victim = ctx.world.users[pair.victim]!;
      const row = await createScratch(ctx, 'TI-1', resource, victim);
      const { req } = buildRequest(ctx, resource, 'read', actor, row.id);
      const res = await ctx.send('TI-1', { actor }, req, 'cross-tenant-read');
      const expected = expectationOf(ctx, resource, 'read', 'refused');
      const leaked = foreignCanaries(res, (c) => c.tenantIndex === actor.tenantIndex);
      if (matches(expected, res) && leaked.length === 0) return undefined;
      return {
        invariant: 'TI-1',
        message: `tenant ${actor.tenantIndex} read ${resource} ${row.id} of tenant ${victim.tenantIndex}: ${describeAnswer(expected, res)}${leaked.length ? `, leaked ${leaked.map((c) => c.canary).join(', ')}` : ''} (expected ${describeExpectation(expected)})`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource, id: row.id },
        leakedCanaries: leaked.map((c) => c.canary),
        steps: [step(req, res, 'read as a user of another tenant')],
      };
    },
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('TI-2 cross-tenant update and delete are refused and change nothing', async () => {
  const ctx = suite();
  const targets = Object.entries(ctx.config.resources).flatMap(([resource, c]) =>
    (['update', 'delete'] as const).filter((op) => c[op]).map((op) => ({ resource, op: op as OperationName })),
  );
  const verdict = await checkProperty(ctx, {
    invariant: 'TI-2',
    arbitrary: fc.record({ target: fc.constantFrom(...targets), pair: crossTenantPair(ctx.world.users) }),
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
    async probe({ target: { resource, op }, pair }) {
      const actor = ctx.world.users[pair.actor]!;
      const victim = ctx.world.users[pair.victim]!;
      const row = await createScratch(ctx, 'TI-2', resource, victim);
      const before = await rowSnapshot(ctx, resource, row.id);
      const { req } = buildRequest(ctx, resource, op, actor, row.id);
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
        message: `tenant ${actor.tenantIndex} ${op} of ${resource} ${row.id} owned by tenant ${victim.tenantIndex}: ${problems.join('; ')}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource, id: row.id },
        leakedCanaries: leaked.map((c) => c.canary),
        steps: [step(req, res, `row before: ${before ?? 'absent'}; row after: ${after ?? 'absent'}`)],
      };
    },
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('TI-3 lists and searches return exactly the tenant\'s rows after every step of a stateful sequence', async () => {
  const ctx = suite();
  const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.list);
  const verdict = resources.length === 0 ? recordSkipped(ctx, 'TI-3', 'no resource declares a list') : await checkIsolationModel(ctx, { invariant: 'TI-3', resources });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toMatch(/held|skipped/);
});

test('TI-4 written rows land in the actor\'s tenant and owner whatever the body says', async () => {
  const ctx = suite();
  const verdict = await checkMassAssignment(ctx, 'TI-4');
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});

test('TI-5 concurrent bursts from many tenants never carry another tenant\'s canary', async () => {
  const ctx = suite();
  const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.list || ctx.config.resources[r]!.read);
  const verdict = await checkConcurrentBursts(ctx, 'TI-5', resources);
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});
