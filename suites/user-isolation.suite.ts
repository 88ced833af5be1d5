/**
 * UI family: user isolation inside a tenant.
 * UI-1: a user-scoped resource is invisible and immutable to every other user of the same tenant,
 *       by id and in lists, checked after every step of stateful sequences by random actors.
 */
import { expect, test } from 'vitest';
import { registerSuite } from '../harness/suite/context.ts';
import { checkIsolationModel } from '../harness/suite/isolation-model.ts';
import { recordSkipped } from '../harness/suite/record-skipped.ts';

const suite = registerSuite();

test('UI-1 user-scoped resources are invisible and immutable to other users of the tenant', async () => {
  const ctx = suite();
  const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.scope === 'user');
  const verdict =
    resources.length === 0 ? recordSkipped(ctx, 'UI-1', 'the contract declares no user-scoped resource') : await checkIsolationModel(ctx, { invariant: 'UI-1', resources });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toMatch(/held|skipped/);
});
