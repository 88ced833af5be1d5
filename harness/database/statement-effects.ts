/**
 * What one logged SQL text does to a session's tenant context, read with the real Postgres parser
 * (libpg-query): which context settings it sets and at which scope, which tables it names, and
 * where it ends a transaction or moves between savepoints. A regex would miss `set_config` inside
 * a CTE, a setting name passed as a parameter, or a table behind a quoted identifier.
 */
import { parseSync } from 'libpg-query';

/** A table as the statement names it; `schema` only when written. */
export interface RelationRef {
  schema?: string;
  name: string;
}

/** How a setting was changed, for reports: `SET LOCAL`, `set_config(..., false)`, `RESET`, ... */
export type SettingScope = 'local' | 'session' | 'unknown';

export type Effect =
  { kind: 'set'; setting: string; scope: SettingScope; how: string } | { kind: 'end' } | { kind: 'savepoint' | 'rollback-to' | 'release'; name: string };

/** One top-level statement of a logged SQL text. */
export interface StatementEffects {
  /** The statement's own text (a logged simple query may hold several). */
  text: string;
  relations: RelationRef[];
  /** In the order Postgres applies them; context changes are judged after the statement's reads. */
  effects: Effect[];
}

type Node = Record<string, any>;

const END_KINDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED']);
const SAVEPOINT_KINDS: Record<string, 'savepoint' | 'rollback-to' | 'release'> = {
  TRANS_STMT_SAVEPOINT: 'savepoint',
  TRANS_STMT_ROLLBACK_TO: 'rollback-to',
  TRANS_STMT_RELEASE: 'release',
};
const TRUE_WORDS = new Set(['t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'of', 'off', '0']);

/**
 * Parses `sql` (as logged: one extended-protocol statement, or a simple query of any number) with
 * its bound parameters (`params[0]` is `$1`, null for NULL). Settings are compared case-insensitively,
 * as Postgres does. Returns undefined when the parser (Postgres 17's grammar) rejects the text.
 * The parser must be loaded (`loadSqlParser()`).
 */
export function statementEffects(sql: string, params: ReadonlyArray<string | null>, settings: readonly string[]): StatementEffects[] | undefined {
  let tree: { stmts?: Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = parseSync(sql);
  } catch {
    return undefined;
  }
  const wanted = new Set(settings.map((s) => s.toLowerCase()));
  const bytes = Buffer.from(sql, 'utf8');
  return (tree.stmts ?? []).map((s) => {
    const start = s.stmt_location ?? 0;
    const text = bytes
      .subarray(start, s.stmt_len ? start + s.stmt_len : bytes.length)
      .toString('utf8')
      .trim();
    return { text, relations: relations(s.stmt), effects: effects(s.stmt, params, wanted) };
  });
}

function effects(stmt: Node, params: ReadonlyArray<string | null>, wanted: Set<string>): Effect[] {
  const tx = stmt.TransactionStmt as Node | undefined;
  if (tx) {
    if (END_KINDS.has(tx.kind)) return [{ kind: 'end' }];
    const move = SAVEPOINT_KINDS[tx.kind];
    return move ? [{ kind: move, name: String(tx.savepoint_name) }] : [];
  }
  const set = stmt.VariableSetStmt as Node | undefined;
  if (set) {
    const setting = String(set.name ?? '').toLowerCase();
    if (!wanted.has(setting)) return [];
    // RESET (and SET ... TO DEFAULT without LOCAL) changes the session's value like a plain SET.
    if (set.kind === 'VAR_RESET') return [{ kind: 'set', setting, scope: 'session', how: 'RESET' }];
    return [{ kind: 'set', setting, scope: set.is_local ? 'local' : 'session', how: set.is_local ? 'SET LOCAL' : 'SET' }];
  }
  const found: Effect[] = [];
  walk(stmt, (node) => {
    const call = node.FuncCall as Node | undefined;
    if (!call || !isSetConfig(call.funcname)) return;
    const setting = text(call.args?.[0], params)?.toLowerCase();
    if (setting === undefined || !wanted.has(setting)) return;
    const local = isLocal(call.args?.[2], params);
    const scope: SettingScope = local === undefined ? 'unknown' : local ? 'local' : 'session';
    found.push({ kind: 'set', setting, scope, how: `set_config(..., ${local === undefined ? '?' : String(local)})` });
  });
  return found;
}

/** `set_config` or `pg_catalog.set_config`; a function of that name in another schema is not the built-in. */
function isSetConfig(funcname: Node[] | undefined): boolean {
  const names = (funcname ?? []).map((n) => n.String?.sval as string | undefined);
  return names.at(-1) === 'set_config' && (names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog'));
}

/** A literal or bound parameter as text, through casts; undefined for anything computed. */
function text(arg: Node | undefined, params: ReadonlyArray<string | null>): string | undefined {
  if (!arg) return undefined;
  if (arg.TypeCast) return text(arg.TypeCast.arg, params);
  if (arg.A_Const?.sval) return String(arg.A_Const.sval.sval ?? '');
  if (arg.ParamRef) return params[arg.ParamRef.number - 1] ?? undefined;
  return undefined;
}

/**
 * `is_local` as Postgres reads it: boolean literals, boolean input words, and NULL (which
 * `set_config` takes as false); undefined when it is computed or a parameter was not logged.
 */
function isLocal(arg: Node | undefined, params: ReadonlyArray<string | null>): boolean | undefined {
  if (!arg) return undefined;
  if (arg.TypeCast) return isLocal(arg.TypeCast.arg, params);
  const constant = arg.A_Const as Node | undefined;
  if (constant?.isnull) return false;
  // The parse tree leaves false out of a boolean constant (protobuf default), so `{}` is false.
  if (constant?.boolval) return constant.boolval.boolval === true;
  const word = constant?.sval ? String(constant.sval.sval ?? '') : arg.ParamRef ? params[arg.ParamRef.number - 1] : undefined;
  if (word === null) return false;
  const w = word?.trim().toLowerCase();
  if (w === undefined) return undefined;
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
}

/** Every table the statement names, except references to its own CTEs. */
function relations(stmt: Node): RelationRef[] {
  const ctes = new Set<string>();
  const refs: RelationRef[] = [];
  walk(stmt, (node) => {
    if (typeof node.ctename === 'string') ctes.add(node.ctename);
    if (typeof node.relname === 'string') refs.push(node.schemaname ? { schema: node.schemaname, name: node.relname } : { name: node.relname });
  });
  return refs.filter((r) => r.schema !== undefined || !ctes.has(r.name));
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}
