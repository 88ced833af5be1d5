/**
 * DB family, row-level security seen through a raw connection as the application role (no target
 * in between), judged against ground truth from the admin connection.
 * DB-1: no, empty or NULL context sees no row and writes none.
 * DB-2: a transaction-local context of tenant X shows exactly X's rows.
 * DB-3: writes under context X cannot create, move into or touch rows of another tenant.
 * DB-4: generated context values never show more than the one tenant they name.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import fc from 'fast-check';
import { checkProperty } from '../harness/checks/check-property.ts';
import type { DatabaseContext } from '../harness/database/app-session.ts';
import { keyRefusal } from '../harness/database/fresh-keys.ts';
import { openRawAccess, sqlStep, type RawAccess } from '../harness/database/raw-access.ts';
import {
  canWrite,
  describeOutcome,
  landedOutside,
  rowsOf,
  tenantNamedBy,
  upsertTenant,
  visibleRows,
  write,
  WRITE_KINDS,
  type RowRef,
  type WriteKind,
} from '../harness/database/table-probes.ts';
import type { TenantTable } from '../harness/database/tenant-tables.ts';
import { perContext } from '../harness/invariants/per-context.ts';
import { skipped } from '../harness/invariants/skipped.ts';
import { createScratch } from '../harness/suite/operations.ts';
import type { SuiteContext } from '../harness/suite/suite-context.ts';
import { coverTargetsAndPairs, crossTenantPair, everyTenantPair } from '../generators/cross-tenant-pair.ts';
import { tenantContextRepresentatives, tenantContextValue } from '../generators/tenant-context-value.ts';

let raw: RawAccess;
/** Indices of the tables holding rows of every tenant: only those can give every probe a rightful control. */
let populated: number[];
/** Opens the raw access the module's checks share and makes sure every tenant has rows to attack. */
const openRlsWorld = perContext(async (ctx) => {
  raw = await openRawAccess(ctx);
  ctx.onClose(() => raw.close());
  // Earlier suites may have deleted provisioned rows: give every user a row of every declared
  // resource again (through the API, as its owner), so each probe has a victim and a control.
  for (const [resource, contract] of Object.entries(ctx.config.resources)) {
    const table = raw.tables.find((t) => t.declared && (t.table === contract.table || t.name === contract.table));
    if (!table) continue;
    for (const user of ctx.world.users) {
      if ((await rowsOf(ctx.admin, table, user.tenantId, table.userColumn ? user.id : undefined)).length === 0)
        await createScratch(ctx, 'DB-1', resource, user);
    }
  }
  // Undeclared tables are attacked only when the role can read them (a user directory, say): an
  // insert-only audit log holds rows of every tenant or not depending on what ran before, and a
  // run must exercise the same tables for the same seed.
  const worldTenants = new Set(ctx.world.tenants.map((t) => t.id));
  const attackable = (t: TenantTable) => t.can.select || (t.declared && t.can.insert);
  const tenantsWithRows = await Promise.all(
    raw.tables.map(async (t) => (attackable(t) ? new Set((await rowsOf(ctx.admin, t)).map((r) => r.tenant).filter((id) => worldTenants.has(id))).size : 0)),
  );
  populated = raw.tables.map((_, i) => i).filter((i) => tenantsWithRows[i] === ctx.world.tenants.length);
});
const unexercised = () => ({ notExercised: raw.tables.filter((_, i) => !populated.includes(i)).map((t) => `${t.name}: ${attackableReason(t)}`) });
const attackableReason = (t: TenantTable) =>
  t.declared || t.can.select ? 'no rows of every tenant to attack with a rightful control' : 'undeclared and not readable by the application role';

const NO_CONTEXT: Record<string, DatabaseContext> = {
  'never-set': { kind: 'never-set' },
  null: { kind: 'null' },
  empty: { kind: 'value', tenant: '', user: '' },
};
type Op = 'read' | WriteKind;

/** The context a row's rightful writer has: its tenant, and its owner when the table is user-scoped. */
function ownerContext(table: TenantTable, row: RowRef, fallbackUser: string): DatabaseContext {
  return { kind: 'value', tenant: row.tenant, user: table.userColumn ? (row.user ?? fallbackUser) : fallbackUser };
}

/** Read and unfiltered-write outcome as "rows reached", or undefined when refused. */
async function reach(run: Parameters<Parameters<RawAccess['probe']>[3]>[0], table: TenantTable, op: Op, template: RowRef | undefined, tenant: string) {
  if (op === 'read') {
    const seen = await visibleRows(run, table);
    return { outcome: seen, reached: seen.ok ? seen.rowCount : 0 };
  }
  const outcome = await write(run, table, op, template!, tenant);
  return { outcome, reached: outcome.ok ? outcome.rowCount : 0 };
}

export const db1 = defineInvariant({
  id: 'DB-1',
  title: 'No tenant context means no rows (fail closed)',
  description: 'a raw app-role connection with no, NULL or empty context sees and writes no row',
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-1188',
  requires: ['database'],
  async run(ctx) {
    await openRlsWorld(ctx);
    const users = ctx.world.users;
    const ops: Array<{ table: number; op: Op }> = populated.flatMap((table) =>
      [raw.tables[table]!].flatMap((t) =>
        (['read', 'insert', 'update-all', 'delete-all'] as const).filter((op) => (op === 'read' ? t.can.select : canWrite(t, op))).map((op) => ({ table, op })),
      ),
    );
    if (ops.length === 0)
      return skipped(
        'DB-1',
        `no tenant table holds rows of every tenant for the app role to read or write (${unexercised().notExercised.join('; ') || 'no tenant table'})`,
      );
    const arbitrary = fc.record({
      target: fc.constantFrom(...ops),
      mode: fc.constantFrom(...Object.keys(NO_CONTEXT)),
      owner: fc.nat({ max: users.length - 1 }),
    });
    const setup = async ({ target, owner }: { target: { table: number; op: Op }; owner: number }) => {
      const table = raw.tables[target.table]!;
      const user = users[owner]!;
      const rows = await rowsOf(ctx.admin, table, user.tenantId, table.userColumn ? user.id : undefined);
      return { table, user, row: rows[0] };
    };
    return checkProperty(ctx, {
      invariant: 'DB-1',
      arbitrary,
      examples: ops.flatMap((target) => Object.keys(NO_CONTEXT).map((mode) => ({ target, mode, owner: 0 }))),
      async control(value) {
        const { table, user, row } = await setup(value);
        if (!row) return `${table.name} holds no row of tenant ${user.tenantIndex} to compare with`;
        const { outcome, reached } = await raw.probe('DB-1', 'control', ownerContext(table, row, user.id), (run) =>
          reach(run, table, value.target.op, row, row.tenant),
        );
        return reached > 0
          ? undefined
          : `${value.target.op} on ${table.name} with tenant ${user.tenantIndex}'s own context reached no row: ${describeOutcome(outcome)}${keyRefusal(table, value.target.op, outcome)}`;
      },
      async probe(value) {
        const { table, row } = await setup(value);
        const { outcome, reached } = await raw.probe('DB-1', value.mode, NO_CONTEXT[value.mode]!, (run) =>
          reach(run, table, value.target.op, row, row!.tenant),
        );
        if (reached === 0) return undefined;
        return {
          invariant: 'DB-1',
          message: `${value.target.op} on ${table.name} with ${value.mode} context reached ${reached} row(s) (expected none)`,
          steps: [sqlStep(`${value.target.op} on ${table.name}`, describeOutcome(outcome), `context: ${value.mode}`)],
          labels: { table: table.name, op: value.target.op, context: value.mode },
        };
      },
      details: unexercised,
    });
  },
});

/** The tables the application role may read, by index: what DB-2 and DB-4 attack. */
const readableTables = () => raw.tables.flatMap((t, i) => (t.can.select ? [i] : []));

/** The read checks' positive control: a tenant with rows in the table sees them under its real id. */
async function ownRowsVisible(ctx: SuiteContext, invariant: 'DB-2' | 'DB-4', i: number, u: number): Promise<string | undefined> {
  const table = raw.tables[i]!;
  const user = ctx.world.users[u]!;
  const truth = await rowsOf(ctx.admin, table, user.tenantId, table.userColumn ? user.id : undefined);
  if (truth.length === 0) return undefined;
  const seen = await raw.probe(invariant, 'control', raw.contextOf(user), (run) => visibleRows(run, table));
  return seen.ok && seen.rowCount > 0
    ? undefined
    : `tenant ${user.tenantIndex} sees none of its ${truth.length} row(s) in ${table.name} under its real id: ${describeOutcome(seen)}`;
}

export const db2 = defineInvariant({
  id: 'DB-2',
  title: "A tenant context shows exactly that tenant's rows",
  description: "a transaction-local tenant context shows exactly that tenant's rows",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['database'],
  async run(ctx) {
    await openRlsWorld(ctx);
    const readable = readableTables();
    if (readable.length === 0) return skipped('DB-2', 'the application role may read no tenant table');
    return checkProperty(ctx, {
      invariant: 'DB-2',
      arbitrary: fc.record({ table: fc.constantFrom(...readable), user: fc.nat({ max: ctx.world.users.length - 1 }) }),
      examples: readable.map((table) => ({ table, user: 0 })),
      control: ({ table, user }) => ownRowsVisible(ctx, 'DB-2', table, user),
      async probe({ table: i, user: u }) {
        const table = raw.tables[i]!;
        const user = ctx.world.users[u]!;
        const truth = new Set((await rowsOf(ctx.admin, table, user.tenantId, table.userColumn ? user.id : undefined)).map((r) => r.at));
        const seen = await raw.probe('DB-2', 'tenant-context', raw.contextOf(user), (run) => visibleRows(run, table));
        const refs = seen.refs ?? [];
        const foreign = refs.filter((r) => r.tenant !== user.tenantId);
        const extra = refs.filter((r) => !truth.has(r.at));
        // Exactness needs the declared scope; for a table the contract does not declare, only foreign rows count.
        const missing = table.declared ? [...truth].filter((c) => !refs.some((r) => r.at === c)) : [];
        if (foreign.length === 0 && extra.length === 0 && missing.length === 0) return undefined;
        return {
          invariant: 'DB-2',
          message: `with tenant ${user.tenantIndex}'s context ${table.name} shows ${foreign.length} row(s) of other tenants, ${extra.length - foreign.length} other row(s) outside its scope and misses ${missing.length} of its own (ground truth ${truth.size})`,
          actor: { tenant: user.tenantId, user: user.id },
          steps: [
            sqlStep(
              `select from ${table.name}`,
              describeOutcome(seen),
              `foreign tenants seen: ${[...new Set(foreign.map((r) => r.tenant))].join(', ') || 'none'}`,
            ),
          ],
          labels: { table: table.name },
        };
      },
    });
  },
});

export const db3 = defineInvariant({
  id: 'DB-3',
  title: 'Writes under a tenant context cannot reach other tenants',
  description: "INSERT/UPDATE/DELETE/upsert/MERGE under context X cannot create, move or touch other tenants' rows",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-639',
  requires: ['database'],
  async run(ctx) {
    await openRlsWorld(ctx);
    const targets = populated.flatMap((table) => WRITE_KINDS.filter((k) => canWrite(raw.tables[table]!, k)).map((kind) => ({ table, kind })));
    const rowsFor = async (table: TenantTable, actor: number, victim: number) => {
      const a = ctx.world.users[actor]!;
      const own = await rowsOf(ctx.admin, table, a.tenantId, table.userColumn ? a.id : undefined);
      const mine = own[0] ?? (await rowsOf(ctx.admin, table, a.tenantId))[0]!;
      const theirs = (await rowsOf(ctx.admin, table, ctx.world.users[victim]!.tenantId))[0]!;
      return {
        a,
        mine,
        theirs,
        context: ownerContext(table, mine, a.id),
        scope: (await rowsOf(ctx.admin, table, a.tenantId, table.userColumn ? mine.user : undefined)).length,
      };
    };
    if (targets.length === 0) return skipped('DB-3', 'the application role may write no tenant table that holds rows of every tenant');
    return checkProperty(ctx, {
      invariant: 'DB-3',
      arbitrary: fc.record({ target: fc.constantFrom(...targets), pair: crossTenantPair(ctx.world.users) }),
      examples: coverTargetsAndPairs(targets, everyTenantPair(ctx.world.users), (target, pair) => ({ target, pair })),
      async control({ target: { table: i, kind }, pair }) {
        const table = raw.tables[i]!;
        const { mine, context } = await rowsFor(table, pair.actor, pair.victim);
        const outcome = await raw.probe('DB-3', 'control', context, (run) => write(run, table, kind, mine, mine.tenant));
        return outcome.ok && outcome.rowCount > 0
          ? undefined
          : `${kind} of its own row in ${table.name} under its own context: ${describeOutcome(outcome)}${keyRefusal(table, kind, outcome)}`;
      },
      async probe({ target: { table: i, kind }, pair }) {
        const table = raw.tables[i]!;
        const { a, mine, theirs, context, scope } = await rowsFor(table, pair.actor, pair.victim);
        const victimBefore = JSON.stringify((await rowsOf(ctx.admin, table, theirs.tenant)).map((r) => r.json));
        // The row aimed at, and the tenant written: a foreign row for touches, the victim tenant for creates and moves.
        const aim = kind === 'move' ? mine : theirs;
        const tenant =
          kind === 'insert' || kind === 'move' || kind === 'move-all'
            ? theirs.tenant
            : kind === 'upsert'
              ? upsertTenant(table, mine.tenant, theirs.tenant)
              : mine.tenant;
        const { outcome, reached } = await raw.probe('DB-3', kind, context, async (run) => {
          if (kind === 'insert' || kind === 'upsert') {
            const landed = await landedOutside(run, table, kind, aim, tenant, mine.tenant);
            return { outcome: landed.outcome, reached: landed.outside };
          }
          const out = await write(run, table, kind, aim, tenant);
          return { outcome: out, reached: out.ok ? out.rowCount : 0 };
        });
        const victimAfter = JSON.stringify((await rowsOf(ctx.admin, table, theirs.tenant)).map((r) => r.json));
        const allowed = kind === 'update-all' || kind === 'delete-all' ? scope : 0;
        if (reached <= allowed && victimBefore === victimAfter) return undefined;
        return {
          invariant: 'DB-3',
          message: `${kind} on ${table.name} under tenant ${a.tenantIndex}'s context ${kind === 'insert' ? 'created a row of' : kind === 'move' || kind === 'move-all' ? 'moved rows into' : 'reached rows of'} tenant id ${theirs.tenant}: ${describeOutcome(outcome)}${allowed ? ` (its own scope has ${allowed})` : ''}${victimBefore === victimAfter ? '' : '; the victim rows changed'}`,
          actor: { tenant: a.tenantId, user: a.id },
          victim: { tenant: theirs.tenant, resource: table.name },
          steps: [
            sqlStep(`${kind} on ${table.name}`, describeOutcome(outcome), `rolled back; victim rows ${victimBefore === victimAfter ? 'unchanged' : 'changed'}`),
          ],
          labels: { table: table.name, kind },
        };
      },
      details: unexercised,
    });
  },
});

export const db4 = defineInvariant({
  id: 'DB-4',
  title: 'Odd context values never widen access',
  description:
    "odd context values (blank, case/format variants, injections, unknown ids) never show rows of a tenant other than the one Postgres reads them as naming (with the tenant column's own type: `02` names tenant 2 of a bigint column)",
  severity: 'critical',
  owasp: OWASP.BOLA,
  cwe: 'CWE-20',
  requires: ['database'],
  async run(ctx) {
    await openRlsWorld(ctx);
    const ids = ctx.world.tenants.map((t) => t.id);
    const readable = readableTables();
    if (readable.length === 0) return skipped('DB-4', 'the application role may read no tenant table');
    return checkProperty(ctx, {
      invariant: 'DB-4',
      arbitrary: fc.record({ table: fc.constantFrom(...readable), value: tenantContextValue(ids), user: fc.nat({ max: ctx.world.users.length - 1 }) }),
      examples: readable.flatMap((table) => tenantContextRepresentatives(ids).map((value) => ({ table, value, user: 0 }))),
      control: ({ table, user }) => ownRowsVisible(ctx, 'DB-4', table, user),
      async probe({ table: i, value, user: u }) {
        const table = raw.tables[i]!;
        const user = ctx.world.users[u]!;
        const namedId = await tenantNamedBy(ctx.admin, table, value.value, ids);
        const named = ctx.world.tenants.find((t) => t.id === namedId);
        const seen = await raw.probe('DB-4', value.kind, { kind: 'value', tenant: value.value, user: user.id }, (run) => visibleRows(run, table));
        const wider = (seen.refs ?? []).filter((r) => r.tenant !== named?.id);
        if (wider.length === 0) return undefined;
        return {
          invariant: 'DB-4',
          message: `tenant context ${JSON.stringify(value.value)} (${value.kind}) shows ${wider.length} row(s) of ${named ? 'tenants other than the one it names' : 'tenants it does not name'} in ${table.name}`,
          steps: [sqlStep(`select from ${table.name}`, describeOutcome(seen), `tenants seen: ${[...new Set(wider.map((r) => r.tenant))].join(', ')}`)],
          labels: { table: table.name, kind: value.kind },
        };
      },
    });
  },
});
