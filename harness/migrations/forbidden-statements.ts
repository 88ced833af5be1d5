/**
 * MIG-1: statements a migration must not contain, judged on one parse-tree node at a time.
 * Each is either destructive to every tenant at once (DROP, TRUNCATE, a DELETE or UPDATE with no
 * WHERE) or switches isolation off (DISABLE / NO FORCE ROW LEVEL SECURITY, a constant-true policy).
 */
import { isConstantTrue } from './constant-true.ts';
import type { LintRuleId } from './lint-rules.ts';
import type { ParsedStatement } from './parsed-migration.ts';
import { relationName } from './relation-name.ts';

/** A rule hit inside one statement; the caller adds the file and location. */
export interface StatementHit {
  rule: LintRuleId;
  message: string;
}

const ALTER_TABLE_RULES: Record<string, [LintRuleId, string]> = {
  AT_DropColumn: ['MIG-1/drop-column', 'DROP COLUMN'],
  AT_AlterColumnType: ['MIG-1/alter-column-type', 'ALTER COLUMN ... TYPE'],
  AT_DisableRowSecurity: ['MIG-1/disable-rls', 'DISABLE ROW LEVEL SECURITY'],
  AT_NoForceRowSecurity: ['MIG-1/no-force-rls', 'NO FORCE ROW LEVEL SECURITY'],
};

/** Every MIG-1 rule the statement breaks (usually none, at most a few). */
export function forbiddenStatements(statement: ParsedStatement): StatementHit[] {
  const [type, node] = Object.entries(statement.node)[0] as [string, Record<string, any>];
  switch (type) {
    case 'DropStmt': {
      if (node.removeType === 'OBJECT_TABLE') return [{ rule: 'MIG-1/drop-table', message: `DROP TABLE ${(node.objects ?? []).map(dottedName).join(', ')}` }];
      if (node.removeType !== 'OBJECT_POLICY') return [];
      // A policy is named as table..., policy.
      const [policy, ...table] = dottedName(node.objects?.[0] ?? {})
        .split('.')
        .reverse();
      return [{ rule: 'MIG-1/drop-policy', message: `DROP POLICY ${policy} ON ${table.reverse().join('.')}` }];
    }
    case 'RenameStmt': {
      const what = String(node.renameType ?? '')
        .replace(/^OBJECT_/, '')
        .toLowerCase();
      const on = node.relation ? ` on ${relationName(node.relation)}` : '';
      const from = node.subname ?? (node.object ? dottedName(node.object) : '');
      return [{ rule: 'MIG-1/rename', message: `RENAME ${what} ${from}${on} to ${node.newname}` }];
    }
    case 'AlterTableStmt':
      return (node.cmds ?? []).flatMap((c: Record<string, any>) => {
        const hit = ALTER_TABLE_RULES[c.AlterTableCmd?.subtype];
        if (!hit) return [];
        const column = c.AlterTableCmd.name ? ` ${c.AlterTableCmd.name}` : '';
        return [{ rule: hit[0], message: `ALTER TABLE ${relationName(node.relation)} ${hit[1]}${column}` }];
      });
    case 'TruncateStmt':
      return [{ rule: 'MIG-1/truncate', message: `TRUNCATE ${(node.relations ?? []).map((r: any) => relationName(r.RangeVar)).join(', ')}` }];
    case 'DeleteStmt':
      return unbounded(node)
        ? [{ rule: 'MIG-1/delete-without-where', message: `DELETE FROM ${relationName(node.relation)} without a WHERE that limits it` }]
        : [];
    case 'UpdateStmt':
      return unbounded(node) ? [{ rule: 'MIG-1/update-without-where', message: `UPDATE ${relationName(node.relation)} without a WHERE that limits it` }] : [];
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const clauses = [isConstantTrue(node.qual) && 'USING', isConstantTrue(node.with_check) && 'WITH CHECK'].filter(Boolean);
      if (clauses.length === 0) return [];
      const verb = type === 'CreatePolicyStmt' ? 'CREATE' : 'ALTER';
      return [
        {
          rule: 'MIG-1/constant-true-policy',
          message: `${verb} POLICY ${node.policy_name} ON ${relationName(node.table)}: ${clauses.join(' and ')} is constant true`,
        },
      ];
    }
    default:
      return [];
  }
}

function unbounded(node: Record<string, any>): boolean {
  return !node.whereClause || isConstantTrue(node.whereClause);
}

function dottedName(object: Record<string, any>): string {
  const items: Array<Record<string, any>> = object.List?.items ?? [object];
  return items.map((i) => i.String?.sval ?? '?').join('.');
}
