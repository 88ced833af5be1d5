/**
 * MIG-2: every table the migration set creates carries the tenant column, enables and forces
 * row-level security and has a policy, by the end of the set; a personal (user-scoped) table's
 * policies also key on the user. Judged over the whole set because a table is often created in one
 * statement and secured a few statements (or files) later. What a `DO` block does is not parsed
 * (it is PL/pgSQL, often a loop over tables), so where the set has one, a missing ENABLE, FORCE or
 * policy is only a suspicion the live catalogue settles (certify does; the bare linter says so).
 */
import path from 'node:path';
import type { LintRuleId } from './lint-rules.ts';
import type { ParsedMigration, ParsedStatement } from './parsed-migration.ts';
import { relationName } from './relation-name.ts';

/** What MIG-2 needs to know about the target's schema conventions. */
export interface TableConventions {
  tenantColumn: string;
  /** Tables whose tenant column has another name (a contract resource's own `tenantColumn`). */
  tenantColumns: Readonly<Record<string, string>>;
  /** Personal tables and the column naming their owning user. */
  personalTables: Readonly<Record<string, string>>;
  /** Tables declared to hold no tenant data (`database.exempt`): not judged. */
  exempt: readonly string[];
}

/** A MIG-2 hit, at the statement it concerns. */
export interface TableHit {
  rule: LintRuleId;
  message: string;
  file: string;
  statement: ParsedStatement;
  table: string;
  /** Where a `DO` block might have done what is missing: the catalogue decides. */
  unparsed?: string;
}

/** The hits a `DO` block may answer: things done to a table by name, at run time. */
const RUNTIME_RULES: ReadonlySet<LintRuleId> = new Set(['MIG-2/rls-not-enabled', 'MIG-2/rls-not-forced', 'MIG-2/no-policy']);

interface CreatedTable {
  name: string;
  file: string;
  statement: ParsedStatement;
  columns: Set<string>;
  enabled: boolean;
  forced: boolean;
  policies: Array<{ file: string; statement: ParsedStatement; name: string; expressions: Array<Record<string, any> | undefined> }>;
}

/** Every MIG-2 rule the migration set breaks, in file order. */
export function tableGuardrails(migrations: readonly ParsedMigration[], conventions: TableConventions): TableHit[] {
  const tables = new Map<string, CreatedTable>();
  let doBlock: string | undefined;
  for (const migration of migrations) {
    for (const statement of migration.statements) {
      const [type, node] = Object.entries(statement.node)[0] as [string, Record<string, any>];
      if (type === 'DoStmt') doBlock ??= `the DO block at ${path.basename(migration.file)}:${statement.line}`;
      else if (type === 'CreateStmt' && node.relation?.relpersistence !== 't') {
        const name = relationName(node.relation);
        const columns = new Set<string>((node.tableElts ?? []).flatMap((e: any) => (e.ColumnDef ? [e.ColumnDef.colname] : [])));
        // A partition (`PARTITION OF parent`) has its parent's columns, whatever it lists itself.
        const parent = node.partbound ? tables.get(relationName(node.inhRelations?.[0]?.RangeVar)) : undefined;
        for (const c of parent?.columns ?? []) columns.add(c);
        tables.set(name, { name, file: migration.file, statement, columns, enabled: false, forced: false, policies: [] });
      } else if (type === 'AlterTableStmt') {
        const table = tables.get(relationName(node.relation));
        for (const cmd of (node.cmds ?? []).map((c: any) => c.AlterTableCmd)) {
          if (!table || !cmd) continue;
          if (cmd.subtype === 'AT_EnableRowSecurity') table.enabled = true;
          if (cmd.subtype === 'AT_DisableRowSecurity') table.enabled = false;
          if (cmd.subtype === 'AT_ForceRowSecurity') table.forced = true;
          if (cmd.subtype === 'AT_NoForceRowSecurity') table.forced = false;
          if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) table.columns.add(cmd.def.ColumnDef.colname);
        }
      } else if (type === 'CreatePolicyStmt') {
        tables
          .get(relationName(node.table))
          ?.policies.push({ file: migration.file, statement, name: node.policy_name, expressions: [node.qual, node.with_check] });
      } else if (type === 'DropStmt' && node.removeType === 'OBJECT_TABLE') {
        for (const object of node.objects ?? [])
          tables.delete(
            (object.List?.items ?? [])
              .map((i: any) => i.String?.sval)
              .filter((s: string) => s !== 'public')
              .join('.'),
          );
      }
    }
  }
  return [...tables.values()]
    .filter((t) => !conventions.exempt.some((e) => sameTable(e, t.name)))
    .flatMap((t) => judge(t, conventions))
    .map((hit) => (doBlock && RUNTIME_RULES.has(hit.rule) ? { ...hit, unparsed: doBlock } : hit));
}

/** A declared name against a created one: the same when equal, or when one is bare and names the other's table. */
export function sameTable(declared: string, created: string): boolean {
  const bare = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  return declared === created || ((!declared.includes('.') || !created.includes('.')) && bare(declared) === bare(created));
}

const conventionOf = (record: Readonly<Record<string, string>>, table: string) => Object.entries(record).find(([declared]) => sameTable(declared, table))?.[1];

function judge(table: CreatedTable, conventions: TableConventions): TableHit[] {
  const at = (rule: LintRuleId, message: string): TableHit => ({ rule, message, file: table.file, statement: table.statement, table: table.name });
  const hits: TableHit[] = [];
  const tenantColumn = conventionOf(conventions.tenantColumns, table.name) ?? conventions.tenantColumn;
  if (!table.columns.has(tenantColumn)) hits.push(at('MIG-2/missing-tenant-column', `table ${table.name} has no tenant column ${tenantColumn}`));
  if (!table.enabled) hits.push(at('MIG-2/rls-not-enabled', `table ${table.name} never gets ALTER TABLE ${table.name} ENABLE ROW LEVEL SECURITY`));
  if (!table.forced) hits.push(at('MIG-2/rls-not-forced', `table ${table.name} never gets ALTER TABLE ${table.name} FORCE ROW LEVEL SECURITY`));
  if (table.policies.length === 0) hits.push(at('MIG-2/no-policy', `table ${table.name} has no CREATE POLICY in the migration set`));
  const userColumn = conventionOf(conventions.personalTables, table.name);
  if (userColumn) {
    for (const policy of table.policies) {
      const unkeyed = policy.expressions.filter(Boolean).some((e) => !mentionsColumn(e, userColumn));
      if (unkeyed) {
        hits.push({
          rule: 'MIG-2/personal-policy-without-user',
          message: `policy ${policy.name} on personal table ${table.name} does not compare ${userColumn}`,
          file: policy.file,
          statement: policy.statement,
          table: table.name,
        });
      }
    }
  }
  return hits;
}

function mentionsColumn(node: unknown, column: string): boolean {
  if (!node || typeof node !== 'object') return false;
  const ref = (node as Record<string, any>).ColumnRef;
  if (ref && ref.fields?.at(-1)?.String?.sval === column) return true;
  return Object.values(node).some((v) => mentionsColumn(v, column));
}
