/**
 * The shape shared by every "this credential must be refused" invariant (AUTH-1..3, ID-1): for any
 * declared operation and any generated bad credential, the target answers the declared refusal,
 * returns no tenant data and writes nothing; the same request with a valid token must succeed.
 */
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { findCanaries } from '../checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict, Violation } from '../../reports/verdict.ts';
import type { Expectation } from '../config/schema.ts';
import type { ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { Credentials, SuiteContext } from './suite-context.ts';
import { declaredOperations, expectationOf, tablesDigest, type OperationName } from './operations.ts';
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
  /** The tally column of a variant (default its label), so variants differing only in parameters share one. */
  family?: (variant: V) => string;
  /**
   * Groups representatives (e.g. by forgery family) so that every group meets every operation and
   * every member meets some operation, without every member meeting every operation: members are
   * dealt round-robin over the operations. Without it, every representative meets every operation.
   */
  group?: (variant: V) => string;
  /**
   * Watches for an effect outside the response (e.g. a fetch the target makes to an attacker URL):
   * called just before the probe is sent, it returns what to call afterwards for the problem seen, if any.
   */
  observe?: () => () => string | undefined;
  /**
   * What in the contract would declare the behaviour a violation of this variant shows (usually
   * `declareIn('identity.policy.requireExp: false')`), ending its message; without it the message
   * says that only a `waivers` entry can accept it.
   */
  declares?: (variant: V) => string | undefined;
  /** Whether the variant is a bad credential on this operation (`resource.op`); default everywhere. */
  appliesTo?: (variant: V, operation: string) => boolean;
  /**
   * Whether the variant's credential travels where the contract declares none (a fallback a
   * service might also read). Any answer but the operation's success then refuses it, with no canary
   * and no write still required: a service need not know the place at all (an unknown query
   * parameter may be a 400). And an acceptance is this invariant's only if the same request with no
   * credentials at all is refused: otherwise the operation is simply unprotected, AUTH-1's finding.
   */
  undeclaredPlace?: (variant: V) => boolean;
  numRuns?: number;
}

/** Violations beyond the counterexample kept on a verdict: enough for a waiver to be judged, bounded for the report. */
const MAX_ALSO_VIOLATED = 50;

/** Runs a refusal invariant and returns its verdict with an accepted/refused tally per operation and variant. */
export async function checkRefusal<V>(ctx: SuiteContext, spec: RefusalSpec<V>): Promise<InvariantVerdict> {
  const { invariant } = spec;
  const operations = declaredOperations(ctx);
  const applies = (variant: V, { resource, op }: { resource: string; op: string }) => spec.appliesTo?.(variant, `${resource}.${op}`) ?? true;
  const arbitrary = fc
    .record({
      operation: fc.constantFrom(...operations),
      variant: spec.variants,
      actor: fc.nat({ max: ctx.world.users.length - 1 }),
    })
    .filter(({ operation, variant }) => applies(variant, operation));
  const tally: Record<string, Record<string, 'refused' | 'accepted'>> = {};
  const controls = new Map<string, Promise<string | undefined>>();

  const examples = operations.flatMap((operation, j) =>
    dealRepresentatives(
      (spec.representatives ?? []).filter((v) => applies(v, operation)),
      spec.group,
      j,
      operations.length,
    ).map((variant) => ({ operation, variant, actor: 0 })),
  );
  const verdict = await checkProperty(ctx, {
    invariant,
    arbitrary,
    numRuns: spec.numRuns,
    examples,
    control({ operation: { resource, op }, actor }) {
      // The control depends on the operation and the actor only, not on the bad credential, so it
      // runs once per pair: that halves the cost of a refusal invariant without weakening it.
      const key = `${resource}.${op}#${actor}`;
      let result = controls.get(key);
      if (!result) {
        result = (async () => {
          const user = ctx.world.users[actor]!;
          const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, user, user);
          const res = await ctx.send(invariant, { actor: user }, req, 'control');
          const expected = expectationOf(ctx, resource, op, 'succeeded');
          return matches(expected, res)
            ? undefined
            : `${req.method} ${req.path} with a valid token got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
        })();
        controls.set(key, result);
      }
      return result;
    },
    probe,
    details: () => ({ perOperation: tally }),
  });
  if (verdict.verdict === 'violated') {
    // fast-check stops at the first failure; the representatives it did not reach still run,
    // outside the property, so the per-operation table shows every family as a pentest report would,
    // and a waiver is judged against every violation, not only the first.
    const also = verdict.alsoViolated ?? [];
    for (const example of examples) {
      const column = spec.family?.(example.variant) ?? spec.label(example.variant);
      if (tally[`${example.operation.resource}.${example.operation.op}`]?.[column] !== undefined) continue;
      const found = await probe(example).catch(() => undefined);
      if (found && also.length < MAX_ALSO_VIOLATED && !also.includes(found.message)) also.push(found.message);
    }
    verdict.details = { ...verdict.details, perOperation: tally };
    if (also.length) verdict.alsoViolated = also;
  }
  return verdict;

  async function probe({
    operation: { resource, op },
    variant,
    actor,
  }: {
    operation: { resource: string; op: OperationName };
    variant: V;
    actor: number;
  }): Promise<Violation | undefined> {
    const user = ctx.world.users[actor]!;
    const label = spec.label(variant);
    const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, user, user);
    const before = await tablesDigest(ctx);
    const credentials = await spec.credentials(variant, user);
    const observed = spec.observe?.();
    const res = await ctx.send(invariant, credentials, req, label);
    const sideEffect = observed?.();
    const after = await tablesDigest(ctx);
    const expected = expectationOf(ctx, resource, op, spec.expectation);
    const undeclared = spec.undeclaredPlace?.(variant) === true;
    const success = undeclared ? expectationOf(ctx, resource, op, 'succeeded') : undefined;
    const refused = isRefusal(res, expected, success);
    const operation = `${resource}.${op}`;
    const column = spec.family?.(variant) ?? label;
    const tokenIn = typeof credentials === 'object' && 'token' in credentials ? credentials.transport : undefined;
    const leaked = [...new Set(findCanaries(`${JSON.stringify(res.headers)}\n${res.text}`).map((c) => c.canary))];
    const problems = [
      !refused && `answered ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`,
      leaked.length > 0 && `response carries tenant data (${leaked.length} canaries)`,
      before !== after && 'the database changed',
      sideEffect,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0 && undeclared && !(await refusedBare(resource, op, user, expected, success))) return undefined;
    tally[operation] ??= {};
    if (tally[operation][column] !== 'accepted') tally[operation][column] = problems.length === 0 ? 'refused' : 'accepted';
    if (problems.length === 0) return undefined;
    return {
      invariant,
      message: `${operation} with ${label}: ${problems.join('; ')}; ${declaration(variant)}`,
      actor: { tenant: user.tenantId, user: user.id, role: user.role },
      leakedCanaries: leaked,
      steps: [{ ...step(req, res, `credentials: ${label}`), ...(tokenIn && { tokenIn }) }],
      labels: { variant: label, operation },
    };
  }

  /** Whether the operation, on a fresh row of its own, refuses a request with no credentials at all. */
  async function refusedBare(resource: string, op: OperationName, user: UserRecord, expected: Expectation, success?: Expectation): Promise<boolean> {
    const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, user, user);
    const before = await tablesDigest(ctx);
    const res = await ctx.send(invariant, 'none', req, 'baseline:no-credentials');
    return (
      isRefusal(res, expected, success) && findCanaries(`${JSON.stringify(res.headers)}\n${res.text}`).length === 0 && before === (await tablesDigest(ctx))
    );
  }

  function declaration(variant: V): string {
    return spec.declares?.(variant) ?? `no contract key declares this; only a waivers entry for ${invariant} accepts it`;
  }
}

/** Whether `res` refuses: it looks as `expected` says, or, given the operation's `success`, it is anything but that. */
export function isRefusal(res: ProbeResponse, expected: Expectation, success?: Expectation): boolean {
  return matches(expected, res) || (success !== undefined && !matches(success, res));
}

/** The end of a violation message naming the contract key that would declare the behaviour. */
export const declareIn = (key: string) => `if that is the service's policy, declare it in the contract: ${key}`;

/**
 * The representatives operation number `j` of `count` meets: all of them without `group`, else
 * the members of each group dealt round-robin, at least one per group (see {@link RefusalSpec.group}).
 */
export function dealRepresentatives<V>(all: readonly V[], group: ((variant: V) => string) | undefined, j: number, count: number): V[] {
  if (!group) return [...all];
  const groups = new Map<string, V[]>();
  for (const variant of all) {
    const name = group(variant);
    groups.set(name, [...(groups.get(name) ?? []), variant]);
  }
  return [...groups.values()].flatMap((members) => {
    const dealt = members.filter((_, m) => m % count === j);
    return dealt.length > 0 ? dealt : [members[j % members.length]!];
  });
}
