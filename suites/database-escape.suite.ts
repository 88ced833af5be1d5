/**
 * DB family, escape from row-level security.
 * DB-5: the application role is not a superuser or BYPASSRLS (nor a member of one), does not own a
 * tenant table whose RLS is not forced, cannot SET ROLE or SET SESSION AUTHORIZATION to an owner,
 * disable RLS, TRUNCATE, or COPY other tenants' rows, and no view or SECURITY DEFINER function it
 * can reach returns another tenant's data. One verdict from two parts: the catalog audit of the
 * role (static facts) and a property over escape attempts, views and functions (which tenant
 * acts, which foreign id is passed).
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkAudit } from '../harness/checks/check-audit.ts';
import { checkProperty } from '../harness/checks/check-property.ts';
import { combineVerdicts, type VerdictPart } from '../harness/checks/combine-verdicts.ts';
import type { InvariantVerdict, Violation } from '../reports/verdict.ts';
import { fillArguments, representativeChoices, sourcesFor, unfillable, type ArgChoice } from '../harness/database/argument-fill.ts';
import { applicable, attemptEscape, ESCAPE_ATTEMPTS, type EscapeAttempt } from '../harness/database/escape-attempts.ts';
import { foreignTraces, type ForeignTrace } from '../harness/database/foreign-traces.ts';
import { openRawAccess, sqlStep, type RawAccess } from '../harness/database/raw-access.ts';
import {
  callFunction,
  reachableDefiners,
  reachableViews,
  readView,
  returnedSomething,
  type ReachableFunction,
  type ReachableView,
} from '../harness/database/reachable-objects.ts';
import { appRoleExists, auditAppRole } from '../harness/database/role-audit.ts';
import { describeOutcome, rowsOf, visibleRows } from '../harness/database/table-probes.ts';
import { readTenantValues, type TenantValues } from '../harness/database/tenant-values.ts';
import { statementRole, tenantColumnNames, type TenantTable } from '../harness/database/tenant-tables.ts';
import type { SuiteContext } from '../harness/suite/suite-context.ts';
import type { UserRecord } from '../harness/provision/world.ts';
import { crossTenantPair } from '../generators/cross-tenant-pair.ts';

let raw: RawAccess;
let role: string;
/** The login role and, when it switches per request, the request role: both are audited. */
let roles: string[];
let views: ReachableView[];
let definers: ReachableFunction[];
let values: TenantValues;
/** Opens the app role's raw access and reads what it can reach, for the module's state above. */
async function openEscapeWorld(ctx: SuiteContext): Promise<void> {
  role = statementRole(ctx.config);
  roles = [...new Set([ctx.config.database.appRole.name, role])];
  raw = await openRawAccess(ctx);
  [views, definers, values] = await Promise.all([
    reachableViews(ctx.admin, role, raw.tables),
    reachableDefiners(ctx.admin, role),
    readTenantValues(ctx.admin, raw.tables, ctx.world),
  ]);
}

type Target = { kind: 'escape'; table: number; attempt: EscapeAttempt } | { kind: 'view'; view: number } | { kind: 'function'; fn: number; args: ArgChoice[] };
interface Case {
  target: Target;
  pair: { actor: number; victim: number };
}

/** Why a function is never called, or undefined when ids can fill its arguments. */
const uncallable = (f: ReachableFunction) =>
  f.trigger ? 'trigger function (runs only through its trigger)' : f.variadic ? 'variadic arguments' : unfillable(f.argTypes, values.ids);
const listTraces = (traces: ForeignTrace[]) =>
  `${traces
    .slice(0, 3)
    .map((t) => t.what)
    .join(', ')}${traces.length > 3 ? ` and ${traces.length - 3} more` : ''}`;

export const db5 = defineInvariant({
  id: 'DB-5',
  title: 'The application role cannot escape RLS',
  description:
    "the application role is not superuser or BYPASSRLS (nor a member of such a role), owns no tenant table without FORCE RLS, holds no TRUNCATE; inside rolled-back transactions it cannot `SET ROLE`/`SET SESSION AUTHORIZATION` to an owner, `DISABLE`/`NO FORCE ROW LEVEL SECURITY`, `TRUNCATE`, or `COPY` out more than its own rows; every view it can read and every SECURITY DEFINER function it can execute (called with other tenants' ids from ground truth) returns no foreign canary, id or value",
  severity: 'critical',
  owasp: OWASP.BFLA,
  cwe: 'CWE-269',
  requires: ['database'],
  async run(ctx) {
    await openEscapeWorld(ctx);
    try {
      return await escapeVerdict(ctx);
    } finally {
      await raw.close();
    }
  },
});

/** One verdict from the role audit and, when there are tenant tables, the escape property. */
async function escapeVerdict(ctx: SuiteContext): Promise<InvariantVerdict> {
  const audit = await checkAudit(ctx, {
    invariant: 'DB-5',
    async control() {
      for (const r of roles) if (!(await appRoleExists(ctx.admin, r))) return `the application role ${r} does not exist`;
      return raw.tables.length ? undefined : `no table has a tenant column (${tenantColumnNames(ctx.config).join(', ')})`;
    },
    audit: async () => (await Promise.all(roles.map((r) => auditAppRole(ctx.admin, r, raw.tables, r === role)))).flat(),
    describe: (f) => `${f.kind} ${f.object}: ${f.problem} (fix: ${f.fix})`,
    details: () => ({ appRole: roles.join(', '), tenantTableOwners: Object.fromEntries(raw.tables.map((t) => [t.name, t.owner])) }),
  });
  const parts: VerdictPart[] = [{ name: 'role audit', verdict: audit }];
  if (raw.tables.length) parts.push({ name: 'escape attempts', verdict: await escapeProperty(ctx) });
  return combineVerdicts('DB-5', parts);
}

/**
 * The generated part: every escape attempt on every tenant table, every reachable view and every
 * callable SECURITY DEFINER function (with every kind of foreign id first), then random cases over
 * which tenant acts and whose ids it passes.
 */
async function escapeProperty(ctx: SuiteContext): Promise<InvariantVerdict> {
  const users = ctx.world.users;
  const tenantOfIndex = (i: number) => ctx.world.tenants[i]?.id ?? `tenant #${i}`;
  const escapes = raw.tables.flatMap((t, table) =>
    ESCAPE_ATTEMPTS.filter((a) => applicable(a, t, role)).map((attempt): Target => ({ kind: 'escape', table, attempt })),
  );
  const callable = definers.flatMap((f, fn) => (uncallable(f) ? [] : [fn]));
  const targets: Array<fc.Arbitrary<Target>> = [
    fc.constantFrom(...escapes),
    ...views.map((_, view) => fc.constant<Target>({ kind: 'view', view })),
    ...callable.map((fn) =>
      fc
        .tuple(...definers[fn]!.argTypes.map((t) => fc.record({ source: fc.constantFrom(...sourcesFor(t, values.ids)), pick: fc.nat({ max: 1000 }) })))
        .map((args): Target => ({ kind: 'function', fn, args })),
    ),
  ];
  const first = { actor: 0, victim: users.findIndex((u) => u.tenantIndex !== users[0]!.tenantIndex) };
  /** Per view or function: whether some case showed it returns the actor's own data (else it is not judgeable). */
  const judgeable = new Map<string, string | true>();
  const note = (name: string, shown: boolean, why: string) => {
    if (judgeable.get(name) !== true) judgeable.set(name, shown ? true : why);
  };
  return checkProperty<Case>(ctx, {
    invariant: 'DB-5',
    arbitrary: fc.record({ target: fc.oneof(...targets), pair: crossTenantPair(users) }),
    examples: [
      ...escapes.map((target) => ({ target, pair: first })),
      ...views.map((_, view) => ({ target: { kind: 'view', view } as Target, pair: first })),
      ...callable.flatMap((fn) =>
        representativeChoices(definers[fn]!.argTypes, values.ids).map((args) => ({ target: { kind: 'function', fn, args } as Target, pair: first })),
      ),
    ],
    control: ({ target, pair }) => control(target, users[pair.actor]!),
    async probe({ target, pair }) {
      const actor = users[pair.actor]!;
      if (target.kind === 'escape') return escapeProbe(raw.tables[target.table]!, target.attempt, actor);
      if (target.kind === 'view') return viewProbe(views[target.view]!, actor);
      return functionProbe(definers[target.fn]!, target.args, actor, users[pair.victim]!);
    },
    details: () => ({
      views: views.map((v) => v.name),
      definerFunctions: definers.map((f) => f.signature),
      notExercised: definers.filter(uncallable).map((f) => `${f.signature}: ${uncallable(f)}`),
      judged: [...judgeable].filter(([, v]) => v === true).map(([name]) => name),
      notJudgeable: [...judgeable].filter(([, v]) => v !== true).map(([name, why]) => `${name}: ${why}`),
    }),
  });

  /**
   * The actor's own context shows its own rows: of the attacked table where it can read it,
   * through the same COPY for COPY attempts, else of any readable table it has rows in.
   */
  async function control(target: Target, user: UserRecord): Promise<string | undefined> {
    const table = target.kind === 'escape' ? raw.tables[target.table] : undefined;
    const copy = target.kind === 'escape' && target.attempt.startsWith('copy') ? target.attempt : undefined;
    for (const t of [table, ...raw.tables].filter((x): x is TenantTable => x?.can.select === true)) {
      const own = await rowsOf(ctx.admin, t, user.tenantId, t.userColumn ? user.id : undefined);
      if (own.length === 0) continue;
      if (t === table && copy) {
        const copied = await raw.probe('DB-5', 'control', raw.contextOf(user), (run) => attemptEscape(run, t, copy, user.tenantId, role, 0));
        return copied.outcome.ok && copied.outcome.rowCount > copied.foreignRows
          ? undefined
          : `tenant ${user.tenantIndex}'s own ${copied.statement} copied none of its ${own.length} row(s): ${copied.note}`;
      }
      const seen = await raw.probe('DB-5', 'control', raw.contextOf(user), (run) => visibleRows(run, t));
      return (seen.refs ?? []).some((r) => r.tenant === user.tenantId)
        ? undefined
        : `tenant ${user.tenantIndex} sees none of its ${own.length} row(s) of ${t.name} with its own context: ${describeOutcome(seen)}`;
    }
    return `tenant ${user.tenantIndex} has no row in any tenant table ${role} can read`;
  }

  async function escapeProbe(table: TenantTable, attempt: EscapeAttempt, actor: UserRecord): Promise<Violation | undefined> {
    const r = await raw.probe('DB-5', attempt, raw.contextOf(actor), (run) =>
      attemptEscape(run, table, attempt, actor.tenantId, role, values.othersRows(table, actor.tenantId)),
    );
    if (!r.escaped) return undefined;
    return {
      invariant: 'DB-5',
      message: `${attempt} on ${table.name} under tenant ${actor.tenantIndex}'s context: ${r.statement} ${r.note}`,
      actor: { tenant: actor.tenantId, user: actor.id, role },
      steps: [sqlStep(r.statement, describeOutcome(r.outcome), r.note)],
      labels: { table: table.name, attempt },
    };
  }

  async function viewProbe(view: ReachableView, actor: UserRecord): Promise<Violation | undefined> {
    const out = await raw.probe('DB-5', 'view', raw.contextOf(actor), (run) => readView(run, view));
    const traces = out.ok
      ? foreignTraces(
          out.rows.map((r) => r.row),
          actor,
          values.owners,
          tenantOfIndex,
        )
      : [];
    if (traces.length === 0) {
      note(view.name, returnedSomething(out), out.ok ? `shows tenant ${actor.tenantIndex} nothing under its own context` : describeOutcome(out));
      return undefined;
    }
    note(view.name, true, '');
    const fix = view.materialized
      ? `REVOKE SELECT ON ${view.name} FROM ${role} (a materialized view has no row-level security)`
      : `ALTER VIEW ${view.name} SET (security_invoker = on)`;
    return {
      invariant: 'DB-5',
      message: `view ${view.name} read under tenant ${actor.tenantIndex}'s context shows ${traces.length} trace(s) of other tenants: ${listTraces(traces)} (fix: ${fix})`,
      actor: { tenant: actor.tenantId, user: actor.id, role },
      victim: { tenant: traces[0]!.tenant, resource: view.name },
      leakedCanaries: traces.flatMap((t) => (t.canary ? [t.canary] : [])),
      steps: [sqlStep(`select * from ${view.name}`, describeOutcome(out), `foreign: ${listTraces(traces)}`)],
      labels: { view: view.name },
    };
  }

  async function functionProbe(fn: ReachableFunction, args: ArgChoice[], actor: UserRecord, victim: UserRecord): Promise<Violation | undefined> {
    const foreign = fillArguments(args, values.ids, victim.tenantId);
    // A victim without an id of the chosen kind gives nothing to pass: the case is vacuous.
    if ('missing' in foreign) return undefined;
    const own = fillArguments(args, values.ids, actor.tenantId);
    const { out, mine } = await raw.probe('DB-5', 'definer', raw.contextOf(actor), async (run) => ({
      out: await callFunction(run, fn, foreign.args),
      mine: 'args' in own ? await callFunction(run, fn, own.args) : undefined,
    }));
    const traces = out.ok
      ? foreignTraces(
          out.rows.map((r) => r.row),
          actor,
          values.owners,
          tenantOfIndex,
        )
      : [];
    const called = `${fn.callee}(${foreign.args.map((a, i) => `'${a.replaceAll("'", "''")}'::${fn.argTypes[i]}`).join(', ')})`;
    if (traces.length === 0) {
      note(
        fn.signature,
        mine !== undefined && returnedSomething(mine),
        mine ? `returns nothing for tenant ${actor.tenantIndex}'s own ${args.map((a) => a.source).join(', ')}` : (own as { missing: string }).missing,
      );
      return undefined;
    }
    note(fn.signature, true, '');
    return {
      invariant: 'DB-5',
      message: `SECURITY DEFINER ${fn.signature} called under tenant ${actor.tenantIndex}'s context with tenant ${victim.tenantIndex}'s ${args.map((a) => a.source).join(', ')} returned ${traces.length} trace(s) of other tenants: ${listTraces(traces)} (fix: check the caller's tenant inside it, or make it SECURITY INVOKER)`,
      actor: { tenant: actor.tenantId, user: actor.id, role },
      victim: { tenant: victim.tenantId, resource: fn.signature, id: foreign.args.join(', ') },
      leakedCanaries: traces.flatMap((t) => (t.canary ? [t.canary] : [])),
      steps: [sqlStep(`select * from ${called}`, describeOutcome(out), `foreign: ${listTraces(traces)}`)],
      labels: { function: fn.signature },
    };
  }
}
