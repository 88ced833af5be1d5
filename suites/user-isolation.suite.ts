/**
 * UI family: user isolation inside a tenant.
 * UI-1: a user-scoped resource is invisible and immutable to every other user of the same tenant,
 *       by id and in lists, checked after every step of stateful sequences by random actors.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { checkIsolationModel } from '../harness/suite/isolation-model.ts';
import { skipped } from '../harness/invariants/skipped.ts';

export const ui1 = defineInvariant({
  id: 'UI-1',
  title: 'User-scoped resources are private to their user',
  description:
    'user-scoped resources: the same stateful sequences, judged on other users of the same tenant (by id, in lists and searches, updates and deletes)',
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['http', 'database'],
  async run(ctx) {
    const resources = Object.keys(ctx.config.resources).filter((r) => ctx.config.resources[r]!.scope === 'user');
    return resources.length === 0
      ? skipped('UI-1', 'the contract declares no user-scoped resource')
      : await checkIsolationModel(ctx, { invariant: 'UI-1', resources });
  },
});
