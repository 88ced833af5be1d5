/**
 * Reads back the statements one role ran in one database from the jsonlog of a Postgres that
 * tenantproof started (`log_statement = 'all'` set for that role), a line at a time: with every
 * statement of a run logged the files grow large, so they are streamed, never held whole.
 */
import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One statement as the server logged it when it started running it. */
export interface LoggedStatement {
  /** `session_id`: one per connection. */
  session: string;
  application: string;
  /** Virtual transaction id: statements of one transaction share it, each implicit one has its own. */
  vxid?: string;
  /** The SQL text: one extended-protocol statement, or a simple query (possibly several statements). */
  sql: string;
  /** Bound parameters (`$1` first), as text; null for NULL. Empty for the simple protocol. */
  params: Array<string | null>;
}

export interface StatementLogFilter {
  user: string;
  database: string;
}

/** `statement: <sql>` (simple protocol) or `execute <name>[/<portal>]: <sql>` (extended). */
const STATEMENT = /^(?:statement|execute(?: fetch from)? \S+?): ([\s\S]*)$/;
const PARAMETER = /\$(\d+) = (NULL|'(?:[^']|'')*')/g;

/** The `*.json` files of `dir`, oldest first (the collector names them by start time). */
export function jsonLogFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Streams every statement `filter.user` ran in `filter.database`, in log order. */
export async function* readStatementLog(dir: string, filter: StatementLogFilter): AsyncGenerator<LoggedStatement> {
  for (const file of jsonLogFiles(dir)) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      const statement = loggedStatement(line, filter);
      if (statement) yield statement;
    }
  }
}

/** One jsonlog line as a statement of `filter`'s role and database, or undefined. */
export function loggedStatement(line: string, filter: StatementLogFilter): LoggedStatement | undefined {
  // Most lines are other roles' or not statements; a cheap test spares parsing them.
  if (!line.includes(`"user":${JSON.stringify(filter.user)}`)) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined; // a line cut by a crash or a rotation in progress
  }
  if (entry.user !== filter.user || entry.dbname !== filter.database || entry.error_severity !== 'LOG') return undefined;
  const match = STATEMENT.exec(String(entry.message ?? ''));
  if (!match) return undefined;
  return {
    session: String(entry.session_id),
    application: typeof entry.application_name === 'string' ? entry.application_name : '',
    vxid: typeof entry.vxid === 'string' ? entry.vxid : undefined,
    sql: match[1]!,
    params: typeof entry.detail === 'string' ? loggedParameters(entry.detail) : [],
  };
}

/** `Parameters: $1 = 'a''b', $2 = NULL` as `["a'b", null]`. */
export function loggedParameters(detail: string): Array<string | null> {
  if (!detail.startsWith('Parameters: ')) return [];
  const params: Array<string | null> = [];
  for (const [, n, value] of detail.matchAll(PARAMETER)) {
    params[Number(n) - 1] = value === 'NULL' ? null : value!.slice(1, -1).replaceAll("''", "'");
  }
  return params;
}
