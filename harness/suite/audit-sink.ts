/**
 * The declared audit sink as suites read it: a window opened before a probe returns exactly the
 * audit records written since, whether the sink is a table (read on the admin connection) or a
 * log file (read from the byte offset the window opened at). Counting a window's records is how
 * AUD-1 and PO-2 compare what the harness caused with what the target recorded.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry, ResolvedConfig } from '../config/schema.ts';
import type { SuiteContext } from './suite-context.ts';
import { quoteIdent } from './operations.ts';

/** One audit record, normalised: ids as strings, time as a Date when the sink has one. */
export interface AuditRecord {
  action: string;
  at?: Date;
  actor?: string;
  tenant?: string;
}

export interface AuditWindow {
  /**
   * The records written since the window opened. A sink may lag its response (a log file written
   * through a pipe, an asynchronous audit writer), so it is read again until `ready` holds, for at
   * most {@link SETTLE_MS}; what was read last is returned either way.
   */
  records(ready?: (records: AuditRecord[]) => boolean): Promise<AuditRecord[]>;
}

/** How long a window waits for a lagging sink: long enough for a pipe, short enough to shrink. */
const SETTLE_MS = 300;
const POLL_MS = 25;

type Sink = NonNullable<ResolvedConfig['audit']>['sink'];

/** Opens a window on the contract's audit sink; throws when the contract declares none. */
export async function openAuditWindow(ctx: SuiteContext): Promise<AuditWindow> {
  const sink = ctx.config.audit?.sink;
  if (!sink) throw new Error('the contract declares no audit sink (audit.sink)');
  const read = sink.kind === 'table' ? await tableReader(ctx, sink) : await logReader(ctx, sink);
  return {
    async records(ready) {
      const deadline = Date.now() + SETTLE_MS;
      let records = await read();
      while (ready && !ready(records) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        records = await read();
      }
      return records;
    },
  };
}

/** Rows whose time column is at or after the database clock when the window opened. */
async function tableReader(ctx: SuiteContext, sink: Extract<Sink, { kind: 'table' }>): Promise<() => Promise<AuditRecord[]>> {
  const { rows } = await ctx.admin.query<{ mark: Date }>('select clock_timestamp() as mark');
  const mark = rows[0]!.mark;
  const c = sink.columns;
  const sql = `select ${quoteIdent(c.action)}::text as action, ${quoteIdent(c.at)} as at, ${quoteIdent(c.actor)}::text as actor, ${quoteIdent(c.tenant)}::text as tenant
      from ${quoteIdent(sink.table)} where ${quoteIdent(c.at)} >= $1`;
  return async () => {
    const result = await ctx.admin.query<{ action: string; at: Date | null; actor: string | null; tenant: string | null }>(sql, [mark]);
    return result.rows.map((r) => normalise({ action: r.action, at: r.at ?? undefined, actor: r.actor, tenant: r.tenant }));
  };
}

/** Complete lines appended to the log file since the window opened, through the contract's parser. */
async function logReader(ctx: SuiteContext, sink: Extract<Sink, { kind: 'log' }>): Promise<() => Promise<AuditRecord[]>> {
  const file = sink.file ? path.resolve(path.dirname(ctx.handle.configPath), sink.file) : path.join(ctx.handle.runDir, 'target.log');
  const start = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  return async () => {
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle) return [];
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, size - start));
      await handle.read(buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8');
      // The last line may still be being written: only lines ended by a newline count.
      const lines = text
        .slice(0, text.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((l) => l !== '');
      return lines.flatMap((line) => {
        const entry = sink.parse(line);
        return entry ? [normalise(entry)] : [];
      });
    } finally {
      await handle.close();
    }
  };
}

function normalise(entry: AuditEntry): AuditRecord {
  const at = entry.at === undefined || entry.at === null ? undefined : new Date(entry.at);
  return {
    action: entry.action,
    at: at && !Number.isNaN(at.getTime()) ? at : undefined,
    actor: entry.actor ?? undefined,
    tenant: entry.tenant ?? undefined,
  };
}
