/**
 * The statement log reader on a real embedded server's jsonlog (DB-7's input): the provider logs a
 * role's statements, the reader gives them back per session and transaction, and stop removes the log.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../postgres/index.ts';
import { readStatementLog, type LoggedStatement } from './statement-log-reader.ts';

/** initdb alone can take several seconds on a loaded 2-core machine. */
const START_TIMEOUT_MS = 180_000;

async function queryOnce(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the statement log of an embedded server with jsonLog', () => {
  it(
    "is ready behind the logging collector, logs a role's statements as jsonlog, and removes the log on stop",
    async () => {
      const server = await startPostgres('embedded', { jsonLog: true });
      try {
        expect(server.jsonLogDir).toBe(server.logDir);
        const admin = server.adminUrl();
        const role = `tp_log_${process.pid}`;
        await queryOnce(admin, `create role ${role} login password 'x'`);
        try {
          await queryOnce(admin, `alter role ${role} in database postgres set log_statement = 'all'`);
          const url = new URL(admin);
          url.username = role;
          url.password = 'x';
          const client = new pg.Client({ connectionString: url.toString(), application_name: 'tp-log-test' });
          await client.connect();
          await client.query('BEGIN');
          await client.query('select set_config($1, $2, true)', ['app.current_tenant', "it's"]);
          await client.query('COMMIT');
          await client.end();
          const read = async () => {
            const seen: LoggedStatement[] = [];
            for await (const s of readStatementLog(server.jsonLogDir!, { user: role, database: 'postgres' })) seen.push(s);
            return seen;
          };
          // The collector writes a moment after the statement ran.
          let seen = await read();
          for (let i = 0; i < 40 && seen.length < 3; i++) seen = await new Promise((resolve) => setTimeout(resolve, 50)).then(read);
          expect(seen.map((s) => [s.application, s.sql, s.params])).toEqual([
            ['tp-log-test', 'BEGIN', []],
            ['tp-log-test', 'select set_config($1, $2, true)', ['app.current_tenant', "it's"]],
            ['tp-log-test', 'COMMIT', []],
          ]);
          expect(new Set(seen.map((s) => `${s.session} ${s.vxid}`)).size).toBe(1);
        } finally {
          await queryOnce(admin, `drop role ${role}`);
        }
      } finally {
        await server.stop();
      }
      expect(existsSync(server.jsonLogDir!)).toBe(false);
    },
    START_TIMEOUT_MS,
  );
});
