/**
 * The shape shared by every "this credential must be refused" invariant (AUTH-1..3, ID-1): for any
 * declared operation and any generated bad credential, the target answers the declared refusal,
 * returns no tenant data and writes nothing; the same request with a valid token must succeed.
 */
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { findCanaries } from '../checks/canaries.ts';
import { describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict } from '../checks/verdict.ts';
import type { UserRecord } from '../world.ts';
import type { Credentials, SuiteContext } from './context.ts';
import { declaredOperations, expectationOf, tablesDigest } from './operations.ts';
import { requestOnOwnedRow, step } from './probe-helpers.ts';

export interface RefusalSpec<V> {
  invariant: string;
  /** The generated bad credentials. */
  variants: fc.Arbitrary<V>;
  /** Which contract expectation a refusal must match. */
  expectation: 'unauthenticated' | 'identityIncomplete';
  /** Stable id of the variant (e.g. a forgery id) for tallies and evidence. */
  label: (variant: V) => string;
  credentials: (variant: V, user: UserRecord) => Credentials | Promise<Credentials>;
  /** One representative of each variant family: each is tried on every operation before random cases. */
  representatives?: V[];
  numRuns?: number;
}

/** Runs a refusal invariant and returns its verdict with an accepted/refused tally per operation and variant. */
export async function checkRefusal<V>(ctx: SuiteContext, spec: RefusalSpec<V>): Promise<InvariantVerdict> {
  const { invariant } = spec;
  const operations = declaredOperations(ctx);
  const arbitrary = fc.record({
    operation: fc.constantFrom(...operations),
    variant: spec.variants,
    actor: fc.nat({ max: ctx.world.users.length - 1 }),
  });
  const tally: Record<string, Record<string, 'refused' | 'accepted'>> = {};

  return checkProperty(ctx, {
    invariant,
    arbitrary,
    numRuns: spec.numRuns,
    examples: operations.flatMap((operation) => (spec.representatives ?? []).map((variant) => ({ operation, variant, actor: 0 }))),
    async control({ operation: { resource, op }, actor }) {
      const user = ctx.world.users[actor]!;
      const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, user, user);
      const res = await ctx.send(invariant, { actor: user }, req, 'control');
      const expected = expectationOf(ctx, resource, op, 'succeeded');
      return matches(expected, res) ? undefined : `${req.method} ${req.path} with a valid token got ${res.status}, expected ${describeExpectation(expected)}`;
    },
    async probe({ operation: { resource, op }, variant, actor }) {
      const user = ctx.world.users[actor]!;
      const label = spec.label(variant);
      const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, user, user);
      const before = await tablesDigest(ctx);
      const res = await ctx.send(invariant, await spec.credentials(variant, user), req, label);
      const after = await tablesDigest(ctx);
      const expected = expectationOf(ctx, resource, op, spec.expectation);
      const refused = matches(expected, res);
      const operation = `${resource}.${op}`;
      tally[operation] ??= {};
      if (tally[operation][label] !== 'accepted') tally[operation][label] = refused ? 'refused' : 'accepted';
      const leaked = [...new Set(findCanaries(`${JSON.stringify(res.headers)}\n${res.text}`).map((c) => c.canary))];
      const problems = [
        !refused && `answered ${res.status}, expected ${describeExpectation(expected)}`,
        leaked.length > 0 && `response carries tenant data (${leaked.length} canaries)`,
        before !== after && 'the database changed',
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length === 0) return undefined;
      return {
        invariant,
        message: `${operation} with ${label}: ${problems.join('; ')}`,
        actor: { tenant: user.tenantId, user: user.id, role: user.role },
        leakedCanaries: leaked,
        steps: [step(req, res, `credentials: ${label}`)],
        labels: { variant: label, operation },
      };
    },
    details: () => ({ perOperation: tally }),
  });
}
