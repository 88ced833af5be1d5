/**
 * `COPY ... TO STDOUT` as the application role. A plain `query()` runs a COPY but node-postgres
 * throws its data away, and the copied rows are the evidence: whether COPY honours row-level
 * security is judged on what actually came out.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Runs a `COPY ... TO STDOUT` (text format) on `client` and returns its lines, one per row. */
export async function copyOut(client: pg.ClientBase, sql: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * The fields of one line of COPY's text format: tab-separated, `\N` for NULL, backslash escapes
 * (so a field never contains a raw tab or newline and splitting first is safe).
 */
export function copyFields(line: string): Array<string | null> {
  return line
    .split('\t')
    .map((field) =>
      field === '\\N'
        ? null
        : field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) =>
            e[0] === 'x' && e.length > 1
              ? String.fromCharCode(parseInt(e.slice(1), 16))
              : /^[0-7]/.test(e)
                ? String.fromCharCode(parseInt(e, 8))
                : (ESCAPES[e] ?? e),
          ),
    );
}
