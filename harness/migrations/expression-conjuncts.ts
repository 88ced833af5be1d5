/**
 * A policy expression split into its top-level AND terms, each a location-free parse tree in JSON.
 * Comparing term sets is what lets MIG-3 accept a policy that only added conditions (stricter)
 * and flag one that lost any (possibly weaker), without trying to decide implication in general.
 */
import { parseSync } from 'libpg-query';

/** The AND terms of `expression` (deparsed SQL as pg_policies shows it); none for no expression. */
export function expressionConjuncts(expression: string | null): Set<string> {
  if (expression === null) return new Set();
  const tree = parseSync(`SELECT ${expression}`);
  const root = tree.stmts[0].stmt.SelectStmt.targetList[0].ResTarget.val;
  return new Set(flatten(root).map((term) => JSON.stringify(term, (key, value) => (key === 'location' ? undefined : value))));
}

function flatten(node: Record<string, any>): Array<Record<string, any>> {
  if (node.BoolExpr?.boolop === 'AND_EXPR') return node.BoolExpr.args.flatMap(flatten);
  return [node];
}
