/**
 * Postgres providers behind one interface: options in, a started handle out, `stop()` in `finally`.
 */
import { PostgresError } from '../errors/index.ts';
import { CONTAINER_PACKAGE, containerPackageInstalled, startContainer } from './container.ts';
import { dockerAvailable } from './docker-available.ts';
import { startEmbedded } from './embedded.ts';
import type { PostgresOptions, PostgresProviderKind, StartedPostgres } from './types.ts';
import { connectUrl } from './url.ts';

export type { PostgresOptions, PostgresProviderKind, StartedPostgres } from './types.ts';
export { dockerAvailable, type DockerAvailability } from './docker-available.ts';

/**
 * Starts (or, for `url`, reaches) Postgres with the chosen provider. `auto` prefers a given URL,
 * then a container when a Docker engine answers, then embedded, and logs which it chose and why,
 * so a run on a new machine explains where its database came from.
 */
export async function startPostgres(kind: PostgresProviderKind, options: PostgresOptions = {}): Promise<StartedPostgres> {
  const log = options.log ?? (() => {});
  switch (kind) {
    case 'url':
      if (!options.url) throw new PostgresError('POSTGRES_URL_MISSING', 'database.provider: "url" needs database.url, found none');
      log('postgres: url (an existing server; a fresh database per run)');
      return connectUrl(options.url);
    case 'embedded':
      log('postgres: embedded (asked for)');
      return startEmbedded(options);
    case 'container':
      log('postgres: container (asked for)');
      return startContainer(options);
    case 'auto': {
      if (options.url) {
        log('postgres: url (database.url is set)');
        return connectUrl(options.url);
      }
      if (!containerPackageInstalled()) {
        log(`postgres: embedded (${CONTAINER_PACKAGE} is not installed, so no container is tried)`);
        return startEmbedded(options);
      }
      const docker = await dockerAvailable();
      log(docker.ok ? `postgres: container (${docker.reason})` : `postgres: embedded (${docker.reason})`);
      return docker.ok ? startContainer(options) : startEmbedded(options);
    }
    default:
      throw new PostgresError('POSTGRES_PROVIDER_UNKNOWN', `database.provider: expected auto, embedded, container or url, found ${JSON.stringify(kind)}`);
  }
}
