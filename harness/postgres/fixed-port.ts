/**
 * A fixed `database.port` for embedded Postgres, checked before anything starts: taken by another
 * process, or below 1024, which Postgres (it refuses to run as root) can never bind.
 */
import { PostgresError } from '../errors/index.ts';
import { assertPortFree } from '../target/free-port.ts';

/** Embedded Postgres listens on loopback only. */
export const EMBEDDED_HOST = '127.0.0.1';
const FIRST_UNPRIVILEGED_PORT = 1024;

/** Throws POSTGRES_PORT_IN_USE or POSTGRES_PORT_PRIVILEGED, in one line saying what to change. */
export async function checkFixedPort(port: number, host = EMBEDDED_HOST): Promise<void> {
  if (port < FIRST_UNPRIVILEGED_PORT) {
    throw new PostgresError(
      'POSTGRES_PORT_PRIVILEGED',
      `embedded Postgres cannot listen on ${host}:${port}: ports below ${FIRST_UNPRIVILEGED_PORT} need root, and Postgres never runs as root (set database.port to ${FIRST_UNPRIVILEGED_PORT} or above, or leave it unset for a random free port)`,
    );
  }
  try {
    await assertPortFree(host, port);
  } catch (cause) {
    throw new PostgresError(
      'POSTGRES_PORT_IN_USE',
      `embedded Postgres cannot listen on ${host}:${port}: ${(cause as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is already in use' : (cause as Error).message} (free it, or leave database.port unset for a random free port)`,
      { cause },
    );
  }
}
