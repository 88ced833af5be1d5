/**
 * The positive control of context hygiene (DB-7): a session of the application role that does
 * exactly what the check looks for, so the check proves on the very log it judges that it can see
 * a session-level context and a query without a local one. The transaction is rolled back, which
 * also undoes the session-level setting: nothing of it outlives the control.
 */
import pg from 'pg';

/** Tags the control's session, so it is judged apart from the target's. */
export const CONTROL_APPLICATION_NAME = 'tenantproof-control';

export interface HygieneControl {
  /** The statements the analyser must flag, as sent. */
  sessionLevel: string;
  unscoped: string;
}

/**
 * Sets `setting` for the session to `tenant` with a bound parameter (extended protocol), then
 * reads `tableSql` with a plain query (simple protocol), inside a transaction it rolls back.
 */
export async function runHygieneControl(appUrl: string, setting: string, tenant: string, tableSql: string, requestRole?: string): Promise<HygieneControl> {
  const control = { sessionLevel: 'select set_config($1, $2, false)', unscoped: `select count(*) from ${tableSql}` };
  const client = new pg.Client({ connectionString: appUrl, application_name: CONTROL_APPLICATION_NAME });
  await client.connect();
  try {
    await client.query('BEGIN');
    // A login role without rights of its own reads nothing until it takes on the request role, as the service does.
    if (requestRole) await client.query(`SET LOCAL ROLE ${client.escapeIdentifier(requestRole)}`);
    await client.query(control.sessionLevel, [setting, tenant]);
    // Logged before it runs: a policy that raises without a context still leaves the statement to judge.
    await client.query(control.unscoped).catch(() => undefined);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return control;
}
