/**
 * ID-2 as a property: for any operation, any pair of users in two tenants and any place a request
 * might name an identity (header, query, body), a request carrying the victim's tenant or user id
 * acts as its token's identity only. Judged on ground truth: a created row's tenant and owner as
 * the admin connection reads them, the victim's row unchanged after an update or delete, no
 * foreign canary in a read or a list, and nothing written by a read.
 */
import { filler } from '../provision/filler.ts';
import fc from 'fast-check';
import { checkProperty } from '../checks/check-property.ts';
import { foreignCanaries } from '../checks/canaries.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { ProbeRequest } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import { crossTenantPair } from '../../generators/cross-tenant-pair.ts';
import { foreignIdentityHint, foreignIdentityHintRepresentatives, type ForeignIdentityHint } from '../../generators/foreign-identity-hint.ts';
import type { SuiteContext } from './suite-context.ts';
import { rowOwner, sameId } from './ground-truth.ts';
import {
  buildRequest,
  canaryFor,
  createScratch,
  declaredOperations,
  expectationOf,
  resourceContract,
  rowSnapshot,
  tablesDigest,
  withBodyFields,
  type OperationName,
} from './operations.ts';
import { requestOnOwnedRow, step } from './probe-helpers.ts';

/** A hint placed into a built request (not a route, which is built differently). */
type PlacedHint = ForeignIdentityHint & { place: 'header' | 'query' | 'body' };
const isPlaced = (hint: ForeignIdentityHint): hint is PlacedHint => hint.place !== 'route';

/**
 * The request with the hint placed; a body hint goes where the resource takes its input
 * (`withBodyFields`: the contract's `withFields`, else the JSON object body).
 */
export function withIdentityHint(ctx: SuiteContext, resource: string, req: ProbeRequest, hint: PlacedHint, value: string): ProbeRequest {
  switch (hint.place) {
    case 'header':
      return { ...req, headers: { ...req.headers, [hint.name]: value } };
    case 'query':
      return { ...req, query: { ...req.query, [hint.name]: value } };
    case 'body':
      return withBodyFields(ctx, resource, req, { [hint.name]: value });
  }
}

/**
 * The request `actor` would send, built as if its own tenant (or id) were the victim's: a route
 * such as `/orgs/{tenantId}/documents/{id}` (or `{tenantSlug}`) naming another tenant under the actor's token. Undefined
 * when the contract's builder does not read that field, so there is no route to attack.
 */
export function routedRequest(
  ctx: SuiteContext,
  resource: string,
  op: OperationName,
  actor: UserRecord,
  victim: UserRecord,
  hint: ForeignIdentityHint,
  id?: string,
): ProbeRequest | undefined {
  const fill = { canary: canaryFor(ctx, actor), text: filler.sentence() };
  const other =
    hint.names === 'tenant'
      ? { ...actor, tenantId: victim.tenantId, tenantName: victim.tenantName, tenantSlug: victim.tenantSlug }
      : { ...actor, id: victim.id };
  const plain = buildRequest(ctx, resource, op, actor, id, fill).req;
  const routed = buildRequest(ctx, resource, op, other, id, fill).req;
  return JSON.stringify(routed) === JSON.stringify(plain) ? undefined : routed;
}

const takesBody = (ctx: SuiteContext, resource: string, req: ProbeRequest) =>
  resourceContract(ctx, resource).withFields !== undefined || (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body));
const writesBody = (op: OperationName) => op === 'create' || op === 'update';

/** Runs ID-2 and returns its verdict, with a tally of obeyed (`accepted`) and ignored hints per operation. */
export async function checkIdentityHints(ctx: SuiteContext, invariant: string): Promise<InvariantVerdict> {
  const operations = declaredOperations(ctx);
  const hints = ctx.config.tenantHints;
  const valid = ({ operation, hint }: { operation: { op: OperationName }; hint: ForeignIdentityHint }) => hint.place !== 'body' || writesBody(operation.op);
  const representatives = foreignIdentityHintRepresentatives(hints);
  // In the report's vocabulary: a hint `accepted` was obeyed, one `refused` was ignored (or the request refused).
  const tally: Record<string, Record<string, 'refused' | 'accepted'>> = {};
  const controls = new Map<string, Promise<string | undefined>>();

  const control = (resource: string, op: OperationName, actor: UserRecord): Promise<string | undefined> => {
    const key = `${resource}.${op}#${actor.index}`;
    let result = controls.get(key);
    if (!result) {
      result = (async () => {
        const { req } = await requestOnOwnedRow(ctx, invariant, resource, op, actor, actor);
        const res = await ctx.send(invariant, { actor }, req, 'control');
        const expected = expectationOf(ctx, resource, op, 'succeeded');
        return matches(expected, res)
          ? undefined
          : `${req.method} ${req.path} with a valid token and no hint got ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`;
      })();
      controls.set(key, result);
    }
    return result;
  };

  /** The problems of one probe; a hint in a write is judged on where the row landed, a read on what it showed. */
  const judge = async (resource: string, op: OperationName, actor: UserRecord, victim: UserRecord, hint: ForeignIdentityHint | undefined) => {
    const contract = resourceContract(ctx, resource);
    const value = hint?.names === 'tenant' ? victim.tenantId : victim.id;
    const onVictimRow = op === 'read' || op === 'update' || op === 'delete';
    const row = onVictimRow ? await createScratch(ctx, invariant, resource, victim) : undefined;
    const { req: plain } = buildRequest(ctx, resource, op, actor, row?.id);
    // Undefined when the hint has nowhere to go: no body to carry it, or no route built from the actor.
    const hinted = (): ProbeRequest | undefined => {
      if (!hint) return plain;
      if (!isPlaced(hint)) return routedRequest(ctx, resource, op, actor, victim, hint, row?.id);
      return hint.place === 'body' && !takesBody(ctx, resource, plain) ? undefined : withIdentityHint(ctx, resource, plain, hint, value);
    };
    const req = hinted();
    if (!req) return { req: plain, res: undefined, problems: [] };
    const before = row ? await rowSnapshot(ctx, resource, row.id) : await tablesDigest(ctx);
    const res = await ctx.send(invariant, { actor }, req, hint ? `hint:${hint.place}:${hint.name}` : 'without-hint');
    const problems: string[] = [];
    const leaked = foreignCanaries(res, (c) => c.tenantIndex === actor.tenantIndex);
    if (leaked.length > 0) problems.push(`the response shows another tenant's data (${leaked.map((c) => c.canary).join(', ')})`);
    if (op === 'create') {
      const id = matches(expectationOf(ctx, resource, 'create', 'succeeded'), res) ? contract.create!.id(res) : undefined;
      const landed = id === undefined ? undefined : await rowOwner(ctx, resource, String(id));
      // The owner is judged only where the contract says the resource records one.
      const ownerDeclared = contract.userColumn !== undefined || contract.scope === 'user';
      if (landed && !sameId(landed.tenant, actor.tenantId))
        problems.push(`the created row landed in tenant id ${landed.tenant}, not the token's ${actor.tenantId}`);
      if (landed && ownerDeclared && !sameId(landed.user, actor.id))
        problems.push(`the created row is owned by ${landed.user}, not the token's user ${actor.id}`);
    } else {
      const after = row ? await rowSnapshot(ctx, resource, row.id) : await tablesDigest(ctx);
      if (after !== before) problems.push(row ? `the victim's row ${row.id} changed` : 'the database changed');
    }
    return { req, res, problems, row };
  };

  return checkProperty(ctx, {
    invariant,
    arbitrary: fc.record({ operation: fc.constantFrom(...operations), pair: crossTenantPair(ctx.world.users), hint: foreignIdentityHint(hints) }).filter(valid),
    // The first (commonest) name of each place meets every operation it fits; the others are dealt over them.
    examples: representatives.flatMap((hint, h) => {
      const fits = operations.filter((operation) => valid({ operation, hint }));
      const first = representatives.findIndex((r) => r.names === hint.names && r.place === hint.place) === h;
      return (first ? fits : fits.slice(h % fits.length, (h % fits.length) + 1)).map((operation) => ({
        operation,
        pair: { actor: firstOtherTenant(ctx), victim: 0 },
        hint,
      }));
    }),
    control: ({ operation: { resource, op }, pair }) => control(resource, op, ctx.world.users[pair.actor]!),
    async probe({ operation: { resource, op }, pair, hint }) {
      const actor = ctx.world.users[pair.actor]!;
      const victim = ctx.world.users[pair.victim]!;
      const judged = await judge(resource, op, actor, victim, hint);
      const { req, res, row } = judged;
      // The same request without the hint going just as wrong is a tenant-isolation bug (TI-*),
      // not the hint being obeyed: ID-2 only owns what the hint changes.
      const problems = judged.problems.length > 0 && (await judge(resource, op, actor, victim, undefined)).problems.length > 0 ? [] : judged.problems;
      const operation = `${resource}.${op}`;
      const column = `${hint.names}-${hint.place}:${hint.name}`;
      tally[operation] ??= {};
      if (res && tally[operation][column] !== 'accepted') tally[operation][column] = problems.length ? 'accepted' : 'refused';
      if (problems.length === 0) return undefined;
      return {
        invariant,
        message: `${operation} by tenant ${actor.tenantIndex} with ${hint.place} ${hint.name} naming ${hint.names === 'tenant' ? 'tenant' : `user ${victim.index} of tenant`} ${victim.tenantIndex}: ${problems.join('; ')}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: { tenant: victim.tenantId, user: victim.id, resource, id: row?.id },
        steps: [step(req, res, `${hint.place} ${hint.name} names the victim's ${hint.names}`)],
        labels: { hint: column, operation },
      };
    },
    details: () => ({ perOperation: tally }),
  });
}

/** World index of the first user outside the first user's tenant: the canonical attacker of user 0. */
function firstOtherTenant(ctx: SuiteContext): number {
  const other = ctx.world.users.find((u) => u.tenantId !== ctx.world.users[0]!.tenantId);
  if (!other) throw new Error('ID-2 needs users in at least two tenants');
  return other.index;
}
