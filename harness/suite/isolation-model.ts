/**
 * The stateful isolation property: fast-check model-based sequences of create / read / list /
 * search / update / delete by random actors across every tenant and user, judged after every
 * step against ground truth from the admin connection. The actor must see exactly the rows its
 * tenant (or, for a user-scoped resource, its user) owns; a foreign read, update or delete must be
 * refused and leave the victim row unchanged; no response may carry a canary the actor may not see.
 * fast-check shrinks a failure to the shortest sequence that still breaks the judged invariant.
 */
import fc from 'fast-check';
import { checkProperty, replayCommand } from '../checks/check-property.ts';
import { describeAnswer, describeExpectation, matches } from '../checks/expectation.ts';
import type { Exchange, InvariantVerdict, Violation } from '../../reports/verdict.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import { isolationStep, type IsolationOp, type IsolationStep } from '../../generators/isolation-step.ts';
import type { SuiteContext } from './suite-context.ts';
import { describeLeaks, findLeaks, type Leak } from './canary-leaks.ts';
import { mayAccess, rowOwner, rowOwners, sameId, type RowOwner } from './ground-truth.ts';
import { followList, supportsSearch } from './list-requests.ts';
import { buildRequest, createdId, createScratch, expectationOf, listRequest, resourceContract, rowSnapshot, storedKeyOf } from './operations.ts';
import { parentIdFor, parentOf } from './parents.ts';
import { step } from './probe-helpers.ts';

export interface IsolationModelSpec {
  /** The invariant whose findings fail the property (TI-3, UI-1); others are only tallied. */
  invariant: string;
  /** Resources the sequences act on. */
  resources: string[];
  maxCommands?: number;
}

/** A row the sequence created, by its rightful owner (world index), with its current canary. */
interface ScratchRow {
  resource: string;
  id: string;
  canary: string;
  owner: number;
}

interface Model {
  rows: ScratchRow[];
}

interface Finding {
  invariant: string;
  message: string;
  victim?: Violation['victim'];
  leaks?: Leak[];
}

interface Real {
  steps: Exchange[];
  violation?: Violation;
}

interface Env {
  ctx: SuiteContext;
  spec: IsolationModelSpec;
  /** Findings per invariant over the whole run, judged or not. */
  seen: Record<string, number>;
}

/** Runs the stateful property for `spec.invariant` and returns its verdict. */
export async function checkIsolationModel(ctx: SuiteContext, spec: IsolationModelSpec): Promise<InvariantVerdict> {
  const env: Env = { ctx, spec, seen: {} };
  const steps = isolationStep({ users: ctx.world.users.length, resources: spec.resources.length });
  // A command sequence replays only with fast-check's own commands replay path besides the
  // property path, so the two travel together as one `--replay-path <path>~<commands path>`.
  const [propertyPath, commandsPath] = (ctx.handle.replayPath ?? '').split(COMMANDS_PATH_SEPARATOR);
  const commands = fc.commands([steps.map((s) => new IsolationCommand(s, env))], {
    maxCommands: spec.maxCommands ?? 10,
    ...(commandsPath ? { replayPath: commandsPath } : {}),
  });
  const replayCtx = ctx.handle.replayPath ? { ...ctx, handle: { ...ctx.handle, replayPath: propertyPath } } : ctx;
  const verdict = await checkProperty(replayCtx, {
    invariant: spec.invariant,
    arbitrary: commands,
    async control(cmds) {
      // fast-check hands the sequence over as wrappers ({ cmd, hasRan }) that record which commands ran.
      const first = [...cmds][0] as unknown as { cmd?: IsolationCommand } | undefined;
      const s = first?.cmd?.step ?? { actor: 0, resource: 0 };
      return ownRowIsListed(ctx, spec.invariant, spec.resources[s.resource]!, ctx.world.users[s.actor]!);
    },
    async probe(cmds) {
      const model: Model = { rows: [] };
      const real: Real = { steps: [] };
      for (const cmd of cmds) {
        if (!cmd.check(model)) continue;
        await cmd.run(model, real);
        if (real.violation) return real.violation;
      }
      return undefined;
    },
    details: () => ({ findingsSeen: env.seen }),
  });
  return withCommandsReplay(ctx, verdict);
}

const COMMANDS_PATH_SEPARATOR = '~';

/** Adds the commands replay path to the counterexample's path and replay command, and makes its value the readable sequence. */
function withCommandsReplay(ctx: SuiteContext, verdict: InvariantVerdict): InvariantVerdict {
  const ce = verdict.counterexample;
  if (!ce) return verdict;
  const commandsPath = /replayPath="([^"]*)"/.exec(String(ce.value))?.[1];
  const path = commandsPath ? `${ce.path}${COMMANDS_PATH_SEPARATOR}${commandsPath}` : ce.path;
  const ran = [...(ce.value as Iterable<{ cmd: IsolationCommand; hasRan: boolean }>)].filter((w) => w.hasRan).map((w) => w.cmd);
  return {
    ...verdict,
    counterexample: {
      ...ce,
      path,
      replay: replayCommand(ctx, verdict.id, path),
      value: { sequence: ran.map((c) => c.toString()), steps: ran.map((c) => c.step) },
    },
  };
}

/**
 * Positive control: the owner makes a row (through the API, or the contract's seed) and its own
 * list, under the row's parent for a nested resource, shows it (also proves `itemId` reads ids).
 * The control's answer is judged too: an owner's list showing others' rows is the finding itself.
 */
async function ownRowIsListed(ctx: SuiteContext, invariant: string, resource: string, owner: UserRecord): Promise<string | Violation | undefined> {
  let row: { id: string };
  try {
    row = await createScratch(ctx, invariant, resource, owner);
  } catch (err) {
    return (err as Error).message;
  }
  const list = listRequest(ctx, resource, owner, undefined, parentOf(ctx, resource, row.id));
  const steps: Exchange[] = [];
  let last: ProbeResponse | undefined;
  const followed = await followList(ctx, resource, list, async (req, page) => {
    const res = (last = await ctx.send(invariant, { actor: owner }, req, 'control:list'));
    steps.push(step(req, res, `the owner's own list${page > 0 ? ` (page ${page + 1})` : ''}, after making row ${row.id}`));
    return res;
  });
  const expected = expectationOf(ctx, resource, 'list', 'succeeded');
  if (!followed) return `the owner's list of ${resource} got ${describeAnswer(expected, last!)}, expected ${describeExpectation(expected)}`;
  const judged = foreignRowsListed(ctx, resource, owner, followed.ids, await rowOwners(ctx, resource), 'the control list').find(
    (f) => f.invariant === invariant,
  );
  if (judged) {
    const leaks = (await Promise.all(followed.pages.map((res) => findLeaks(ctx, owner, res, invariant === 'UI-1' ? 'user' : 'tenant')))).flat();
    return {
      invariant,
      message: `control (the owner lists ${resource}): ${judged.message}`,
      actor: { tenant: owner.tenantId, user: owner.id, role: owner.role },
      victim: judged.victim,
      ...(leaks.length > 0 ? { leakedCanaries: leaks.map((l) => l.canary) } : {}),
      steps,
    };
  }
  if (!followed.ids.some((i) => sameId(i, storedKeyOf(ctx, resource, row.id))))
    return followed.incomplete
      ? `the owner's list of ${resource} was not followed to its end (${followed.incomplete}), and the row just made (${row.id}) is not on the pages read`
      : `the owner's list of ${resource} does not show the row just made (${row.id}); check list.items, list.itemId and list.next`;
  return undefined;
}

/** The invariant a forbidden access breaks: another tenant's row, or another user's personal row. */
function breach(ctx: SuiteContext, resource: string, actor: UserRecord, owner: RowOwner, tenantInvariant: string): string | undefined {
  if (mayAccess(ctx, resource, actor, owner)) return undefined;
  return sameId(owner.tenant, actor.tenantId) ? 'UI-1' : tenantInvariant;
}

/** Findings for the rows of others a list answer shows: other tenants' (TI-3) or, for a personal resource, other users' (UI-1). */
function foreignRowsListed(ctx: SuiteContext, resource: string, actor: UserRecord, listed: string[], truth: Map<string, RowOwner>, op: string): Finding[] {
  const foreign = listed.flatMap((id) => {
    const owner = truth.get(id) ?? truth.get(id.toLowerCase());
    const inv = owner && breach(ctx, resource, actor, owner, 'TI-3');
    return inv ? [{ id, owner, inv }] : [];
  });
  return [...new Set(foreign.map((f) => f.inv))].map((inv) => {
    const rows = foreign.filter((f) => f.inv === inv);
    return {
      invariant: inv,
      message: `${op} of ${resource} returned ${rows.length} row(s) ${inv === 'UI-1' ? 'of other users of the same tenant' : 'of other tenants'}: ${rows
        .slice(0, 5)
        .map((f) => `${f.id} (tenant id ${f.owner.tenant}${f.owner.user ? ` user id ${f.owner.user}` : ''})`)
        .join(', ')}`,
      victim: { tenant: rows[0]!.owner.tenant, user: rows[0]!.owner.user, resource, id: rows[0]!.id },
    };
  });
}

const LEAK_INVARIANT: Record<IsolationOp, string> = { create: 'TI-3', list: 'TI-3', search: 'TI-3', read: 'TI-1', update: 'TI-2', delete: 'TI-2' };

class IsolationCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly step: IsolationStep,
    private readonly env: Env,
  ) {}

  check(model: Model): boolean {
    const { ctx } = this.env;
    const actor = ctx.world.users[this.step.actor]!;
    // Every resource can be created: through the API, or for a read-only one through its seed.
    if (this.step.op === 'create') return true;
    if (this.step.op === 'list') return resourceContract(ctx, this.resource(model)!).list !== undefined;
    const target = this.target(model);
    if (!target) return false;
    if (this.step.op === 'search') return supportsSearch(ctx, target.resource, actor);
    return resourceContract(ctx, target.resource)[this.step.op] !== undefined;
  }

  async run(model: Model, real: Real): Promise<void> {
    const { ctx, spec } = this.env;
    const actor = ctx.world.users[this.step.actor]!;
    const findings: Finding[] = [];
    const send = async (req: ProbeRequest, note: string): Promise<ProbeResponse> => {
      const res = await ctx.send(spec.invariant, { actor }, req, `${this.step.op}`);
      real.steps.push(step(req, res, `#${real.steps.length + 1} ${this.toString()}: ${note}`, actor));
      const leaks = await findLeaks(ctx, actor, res);
      for (const kind of ['tenant', 'user'] as const) {
        const mine = leaks.filter((l) => l.kind === kind);
        if (mine.length === 0) continue;
        findings.push({
          invariant: kind === 'user' ? 'UI-1' : LEAK_INVARIANT[this.step.op],
          message: `the response carries ${kind === 'user' ? "another user's personal" : "another tenant's"} canaries: ${describeLeaks(mine)}`,
          victim: { tenant: mine[0]!.tenant, user: mine[0]!.user, resource: mine[0]!.resource, id: mine[0]!.id },
          leaks: mine,
        });
      }
      return res;
    };

    if (this.step.op === 'create') await this.create(model, send, real);
    else if (this.step.op === 'list' || this.step.op === 'search') await this.list(model, send, findings);
    else await this.byId(model, send, findings);

    for (const [id, n] of Object.entries(countBy(findings))) this.env.seen[id] = (this.env.seen[id] ?? 0) + n;
    const judged = findings.find((f) => f.invariant === spec.invariant);
    if (judged) {
      real.violation = {
        invariant: spec.invariant,
        message: `step ${real.steps.length} (${this.toString()}): ${judged.message}`,
        actor: { tenant: actor.tenantId, user: actor.id, role: actor.role },
        victim: judged.victim,
        leakedCanaries: judged.leaks?.map((l) => l.canary),
        steps: real.steps,
        labels: { sequence: real.steps.map((s) => s.note?.split(':', 1)[0]).join(' -> ') },
      };
    }
  }

  private async create(model: Model, send: (req: ProbeRequest, note: string) => Promise<ProbeResponse>, real: Real): Promise<void> {
    const { ctx, spec } = this.env;
    const resource = this.resource(model)!;
    const actor = ctx.world.users[this.step.actor]!;
    if (!resourceContract(ctx, resource).create) {
      const row = await createScratch(ctx, spec.invariant, resource, actor);
      real.steps.push({
        request: { method: 'SEED', path: resource },
        response: undefined,
        note: `#${real.steps.length + 1} ${this.toString()}: row ${row.id} stored by the contract's seed`,
      });
      model.rows.push({ resource, id: row.id, canary: row.canary, owner: actor.index });
      return;
    }
    const { req, canary, parentId } = buildRequest(ctx, resource, 'create', actor);
    const res = await send(req, 'create as the owner');
    const id = createdId(ctx, resource, res, parentId);
    if (matches(expectationOf(ctx, resource, 'create', 'succeeded'), res) && id !== undefined) {
      model.rows.push({ resource, id, canary: canary!, owner: actor.index });
    }
  }

  private async list(model: Model, send: (req: ProbeRequest, note: string) => Promise<ProbeResponse>, findings: Finding[]): Promise<void> {
    const { ctx } = this.env;
    const actor = ctx.world.users[this.step.actor]!;
    const target = this.step.op === 'search' ? this.target(model) : undefined;
    const resource = target?.resource ?? this.resource(model)!;
    // A nested list is addressed under one of the actor's own parents, and shows that parent's rows.
    const parentId = parentIdFor(ctx, resource, actor);
    const req = listRequest(ctx, resource, actor, target?.canary, parentId);
    const what = target ? `search for the canary of row ${target.id}` : 'unfiltered list';
    const followed = await followList(ctx, resource, req, (r, page) => send(r, page === 0 ? what : `${what}, page ${page + 1}`));
    if (!followed) return;
    const truth = await rowOwners(ctx, resource);
    const parent = resourceContract(ctx, resource).parent;
    const parentKey = parent && parentId !== undefined ? storedKeyOf(ctx, parent.resource, parentId) : undefined;
    const listedSet = new Set(followed.ids.map((i) => i.toLowerCase()));
    findings.push(...foreignRowsListed(ctx, resource, actor, followed.ids, truth, this.step.op));
    // Only a list read to its end can be said to omit a row.
    if (!target && !followed.incomplete) {
      const missing = [...truth]
        .filter(
          ([id, owner]) =>
            owner.live && mayAccess(ctx, resource, actor, owner) && (parentKey === undefined || owner.parent === parentKey) && !listedSet.has(id.toLowerCase()),
        )
        .map(([id]) => id);
      if (missing.length > 0)
        findings.push({
          invariant: 'TI-3',
          message: `the list of ${resource}${parentKey === undefined ? '' : ` under ${parent!.resource} ${parentId}`} omits ${missing.length} of the actor's own rows (${missing.slice(0, 5).join(', ')}); a list in pages declares resources.${resource}.list.next, rows it no longer shows (soft delete) resources.${resource}.liveRows`,
        });
    }
  }

  private async byId(model: Model, send: (req: ProbeRequest, note: string) => Promise<ProbeResponse>, findings: Finding[]): Promise<void> {
    const { ctx } = this.env;
    const op = this.step.op as 'read' | 'update' | 'delete';
    const actor = ctx.world.users[this.step.actor]!;
    const target = this.target(model)!;
    const owner = await rowOwner(ctx, target.resource, target.id);
    const before = await rowSnapshot(ctx, target.resource, target.id);
    const { req, canary } = buildRequest(ctx, target.resource, op, actor, target.id);
    const inv = owner && breach(ctx, target.resource, actor, owner, op === 'read' ? 'TI-1' : 'TI-2');
    const res = await send(req, owner ? `row ${target.id} of user ${target.owner}${inv ? ' (foreign)' : ''}` : `row ${target.id} (already deleted)`);
    const after = op === 'read' ? before : await rowSnapshot(ctx, target.resource, target.id);
    if (!inv) {
      if (matches(expectationOf(ctx, target.resource, op, 'succeeded'), res) && op === 'update' && canary) target.canary = canary;
      return;
    }
    const expected = expectationOf(ctx, target.resource, op, 'refused');
    const problems = [
      !matches(expected, res) && `answered ${describeAnswer(expected, res)}, expected ${describeExpectation(expected)}`,
      before !== after && (after === undefined ? 'the victim row was deleted' : 'the victim row changed'),
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      findings.push({
        invariant: inv,
        message: `foreign ${op} of ${target.resource} ${target.id}: ${problems.join('; ')}`,
        victim: { tenant: owner!.tenant, user: owner!.user, resource: target.resource, id: target.id },
      });
    }
  }

  private resource(model: Model): string | undefined {
    return this.step.op === 'create' || this.step.op === 'list' ? this.env.spec.resources[this.step.resource] : this.target(model)?.resource;
  }

  private target(model: Model): ScratchRow | undefined {
    return model.rows.length === 0 ? undefined : model.rows[this.step.row % model.rows.length];
  }

  toString(): string {
    const { op, actor, resource, row } = this.step;
    const user = this.env.ctx.world.users[actor]!;
    const on = op === 'create' || op === 'list' ? this.env.spec.resources[resource] : `row#${row}`;
    return `${op} ${on} as t${user.tenantIndex}/u${actor}`;
  }
}

function countBy(findings: readonly Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.invariant] = (out[f.invariant] ?? 0) + 1;
  return out;
}
