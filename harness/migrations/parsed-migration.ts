/**
 * One migration file parsed by the real Postgres parser (libpg-query, the parser of PostgreSQL 17
 * compiled to WebAssembly), with each statement's file:line:column and the allow comments that
 * apply to it. A regex linter misreads dollar quotes, nested comments and `E'...'` strings; the
 * server's own grammar does not.
 */
import { loadModule, parseSync } from 'libpg-query';

/** Where a finding points: 1-based line and column (columns count characters, not bytes). */
export interface SourceLocation {
  line: number;
  column: number;
}

/** A `-- tenantproof-allow <rule>: <reason>` comment: a deliberate, explained exception. */
export interface AllowComment extends SourceLocation {
  /** An invariant id (`MIG-1`, every rule of it) or a rule id (`MIG-1/drop-column`). */
  rules: string[];
  reason: string;
}

/** One top-level statement: its parse-tree node (one key, the node type) and where it starts. */
export interface ParsedStatement extends SourceLocation {
  index: number;
  node: Record<string, any>;
  /** Allow comments written just before the statement or on its own last line. */
  allows: AllowComment[];
}

export interface ParsedMigration {
  file: string;
  statements: ParsedStatement[];
  /** Allow comments without a reason: each one is itself a finding and excuses nothing. */
  unexplained: AllowComment[];
  /** Set when the file is not valid SQL; `statements` is then empty. */
  syntaxError?: SourceLocation & { message: string };
}

let loaded: Promise<void> | undefined;

/** Loads the WebAssembly parser once per process; every other export here needs it first. */
export function loadSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const ALLOW = /--[ \t]*tenantproof-allow\b[ \t]*([^\n:]*?)[ \t]*(?::[ \t]*([^\n]*?))?[ \t]*$/gm;

/** Parses `sql` (the text of `file`); call {@link loadSqlParser} before the first call. */
export function parseMigration(file: string, sql: string): ParsedMigration {
  const bytes = Buffer.from(sql, 'utf8');
  const lines = lineStarts(bytes);
  const locate = (byteOffset: number): SourceLocation => {
    const line = lastAtOrBefore(lines, byteOffset);
    return { line: line + 1, column: bytes.subarray(lines[line], byteOffset).toString('utf8').length + 1 };
  };
  const allows = allowComments(sql);
  let tree: { stmts?: Array<{ stmt: Record<string, any>; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = parseSync(sql);
  } catch (error) {
    const e = error as Error & { sqlDetails?: { cursorPosition?: number } };
    // The parser reports a character position into the text it was given.
    const at = Buffer.byteLength(sql.slice(0, Math.max(0, e.sqlDetails?.cursorPosition ?? 0)), 'utf8');
    return { file, statements: [], unexplained: allows.filter((a) => !a.reason), syntaxError: { ...locate(at), message: e.message } };
  }
  const stmts = tree.stmts ?? [];
  const statements: ParsedStatement[] = stmts.map((s, index) => {
    const start = skipTrivia(bytes, s.stmt_location ?? 0);
    return { index, node: s.stmt, ...locate(start), allows: [] };
  });
  // stmt_len 0 means "to the end of the text" (a last statement without a semicolon).
  const ends = stmts.map((s) => locate(s.stmt_len ? (s.stmt_location ?? 0) + s.stmt_len : bytes.length).line);
  for (const allow of allows.filter((a) => a.reason)) {
    // A comment on the line where a statement ends belongs to that statement; otherwise to the next one.
    const trailing = ends.indexOf(allow.line);
    const owner = trailing >= 0 ? trailing : statements.findIndex((st) => st.line >= allow.line);
    statements[owner]?.allows.push(allow);
  }
  return { file, statements, unexplained: allows.filter((a) => !a.reason) };
}

function allowComments(sql: string): AllowComment[] {
  const found: AllowComment[] = [];
  for (const match of sql.matchAll(ALLOW)) {
    const before = sql.slice(0, match.index);
    const line = before.split('\n').length;
    found.push({
      line,
      column: match.index - before.lastIndexOf('\n'),
      rules: (match[1] ?? '').split(/[\s,]+/).filter(Boolean),
      reason: (match[2] ?? '').trim(),
    });
  }
  return found;
}

function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

function lastAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The parser's statement offset starts right after the previous `;`: skip blanks and comments. */
function skipTrivia(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x2d && bytes[i + 1] === 0x2d) {
      while (i < bytes.length && bytes[i] !== 0x0a) i++;
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      let depth = 1;
      i += 2;
      while (i < bytes.length && depth > 0) {
        if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) {
          depth++;
          i += 2;
        } else if (bytes[i] === 0x2a && bytes[i + 1] === 0x2f) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return i;
}
