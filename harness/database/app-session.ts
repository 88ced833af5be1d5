/**
 * Raw connections as the application role, the way a background job or a script would open one
 * (switching to the request role first when the contract declares one, as the service's own
 * sessions do): no target in between, only the database's own defences. Every probe runs in a transaction that
 * is rolled back, so a probe that does break through changes nothing for the next one.
 */
import pg from 'pg';
import { copyOut } from './copy-out.ts';

/** How the tenant (and user) context is presented to the database. */
export type DatabaseContext =
  /** A fresh session that never set the setting: `current_setting(s, true)` is NULL. */
  | { kind: 'never-set' }
  /** `set_config(s, NULL, true)`: what a driver sends for a missing value. */
  | { kind: 'null' }
  /** Transaction-local `set_config(s, value, true)`. */
  | { kind: 'value'; tenant: string; user?: string };

/** Tags the harness's own sessions, so context hygiene (DB-7) can tell them from the target's. */
export const PROBE_APPLICATION_NAME = 'tenantproof-probe';

export interface ContextSettings {
  tenantSetting: string;
  userSetting?: string;
  /** The role the service switches to per request (`database.appRole.requestRole`), set in each transaction. */
  requestRole?: string;
}

/** The outcome of one statement: rows affected or the error Postgres raised. */
export type StatementOutcome =
  | { ok: true; rowCount: number; rows: Array<Record<string, unknown>> }
  /** `constraint`: the one Postgres names, so a refusal can be told to be the key's. */
  | { ok: false; code?: string; error: string; constraint?: string };

/**
 * Runs one statement under its own savepoint. `copy-out` is for `COPY ... TO STDOUT`: its rows are
 * the copied lines (`{ line }`, COPY text format).
 */
export type Run = (sql: string, params?: unknown[], mode?: 'query' | 'copy-out') => Promise<StatementOutcome>;

export interface AppSession {
  /** Runs `work` inside BEGIN ... ROLLBACK with `context` set; statements inside never commit. */
  inContext<T>(context: DatabaseContext, work: (run: Run) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens one session as the application role; `never-set` contexts get a session of their own. */
export async function openAppSession(appUrl: string, settings: ContextSettings): Promise<AppSession> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: appUrl, application_name: PROBE_APPLICATION_NAME });
    // A connection the server drops (it stopped, or a forced DROP DATABASE) fails its next query,
    // which the probe reports; unheard, the client's 'error' event would crash the worker instead.
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const shared = await connect();
  return {
    async inContext(context, work) {
      const client = context.kind === 'never-set' ? await connect() : shared;
      try {
        await client.query('BEGIN');
        if (settings.requestRole) await client.query(`SET LOCAL ROLE ${client.escapeIdentifier(settings.requestRole)}`);
        if (context.kind !== 'never-set') {
          const tenant = context.kind === 'value' ? context.tenant : null;
          const user = context.kind === 'value' ? (context.user ?? null) : null;
          await client.query('select set_config($1, $2, true)', [settings.tenantSetting, tenant]);
          if (settings.userSetting) await client.query('select set_config($1, $2, true)', [settings.userSetting, user]);
        }
        let n = 0;
        // Each statement runs under a savepoint, so one refusal does not abort the rest of the probe.
        const run: Run = async (sql, params, mode = 'query') => {
          const savepoint = `tp_${(n += 1)}`;
          await client.query(`SAVEPOINT ${savepoint}`);
          try {
            const rows = mode === 'copy-out' ? (await copyOut(client, sql)).map((line) => ({ line })) : undefined;
            const r = rows ? { rowCount: rows.length, rows } : await client.query(sql, params);
            await client.query(`RELEASE SAVEPOINT ${savepoint}`);
            return { ok: true, rowCount: r.rowCount ?? 0, rows: r.rows };
          } catch (error) {
            await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
            const e = error as Error & { code?: string; constraint?: string };
            return { ok: false, code: e.code, error: e.message, constraint: e.constraint };
          }
        };
        return await work(run);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        if (client !== shared) await client.end().catch(() => undefined);
      }
    },
    async close() {
      await shared.end().catch(() => undefined);
    },
  };
}
