/**
 * Whether a policy or WHERE expression (a libpg-query parse-tree node) is true whatever the row and
 * the session: `true`, `1 = 1`, `'t'::boolean`, `x OR true`, `NOT false`. Such a policy scopes
 * nothing, and a `WHERE true` is a missing WHERE in disguise.
 */
type Node = Record<string, any> | undefined;

/** True when `node` is a constant expression that always evaluates to true. */
export function isConstantTrue(node: Node): boolean {
  return constantValue(node) === true;
}

function constantValue(node: Node): unknown {
  if (!node) return undefined;
  if (node.A_Const) return literal(node.A_Const);
  if (node.TypeCast) {
    const inner = constantValue(node.TypeCast.arg);
    const type = (node.TypeCast.typeName?.names ?? []).map((n: Node) => n?.String?.sval).pop();
    if (type === 'bool' && typeof inner === 'string') return BOOLEAN_WORDS[inner.trim().toLowerCase()];
    return inner;
  }
  if (node.BoolExpr) {
    const args: unknown[] = (node.BoolExpr.args ?? []).map(constantValue);
    if (node.BoolExpr.boolop === 'OR_EXPR') return args.includes(true) ? true : undefined;
    if (node.BoolExpr.boolop === 'AND_EXPR') return args.every((a) => a === true) ? true : args.includes(false) ? false : undefined;
    if (node.BoolExpr.boolop === 'NOT_EXPR') return typeof args[0] === 'boolean' ? !args[0] : undefined;
  }
  if (node.A_Expr?.kind === 'AEXPR_OP') {
    const op = node.A_Expr.name?.[0]?.String?.sval;
    const left = constantValue(node.A_Expr.lexpr);
    const right = constantValue(node.A_Expr.rexpr);
    if (left === undefined || right === undefined) return undefined;
    if (op === '=') return left === right;
    if (op === '<>' || op === '!=') return left !== right;
  }
  return undefined;
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  t: true,
  true: true,
  y: true,
  yes: true,
  on: true,
  '1': true,
  f: false,
  false: false,
  n: false,
  no: false,
  off: false,
  '0': false,
};

function literal(c: Record<string, any>): unknown {
  if (c.isnull) return undefined;
  if (c.boolval) return c.boolval.boolval === true;
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval) return Number(c.fval.fval);
  if (c.sval) return c.sval.sval ?? '';
  return undefined;
}
