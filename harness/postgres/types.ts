/** Postgres providers share one shape: options in, a started handle out (testcontainers style). */
import type { ProcessExit } from '../lifecycle/process-exit.ts';

export type PostgresProviderKind = 'auto' | 'embedded' | 'container' | 'url';

/** What to start (or reach) and how to report it; every key is optional. */
export interface PostgresOptions {
  /** An existing server (`url` provider, and `auto` picks it when given). */
  url?: string;
  /**
   * Embedded: informational (the binaries are what the package ships; a different major is logged).
   * Container: the `postgres` image tag used when `image` is not set.
   */
  version?: string;
  /** Container image (default `postgres:<version>` or `postgres:18-alpine`). */
  image?: string;
  /** Embedded only: a fixed port; default a random free port on 127.0.0.1. */
  port?: number;
  /**
   * Embedded only: `throwaway` (default) initialises a new cluster and removes it afterwards;
   * `cached` starts a cluster kept between runs in place, falling back to throwaway when it is busy.
   */
  cluster?: 'throwaway' | 'cached';
  /** Extra server settings (`-c key=value`), e.g. statement logging; they win over the defaults. */
  settings?: Record<string, string>;
  /**
   * Embedded only: run the logging collector writing jsonlog into `jsonLogDir`, so a caller that
   * turns on `log_statement` for a role can read back what that role ran (context hygiene, DB-7).
   */
  jsonLog?: boolean;
  /** Progress and provider-choice lines; default none. */
  log?: (line: string) => void;
}

/** A reachable server with superuser access; `stop()` undoes whatever the provider started. */
export interface StartedPostgres {
  readonly kind: 'embedded' | 'container' | 'url';
  readonly host: string;
  readonly port: number;
  /** `SHOW server_version`. */
  readonly serverVersion: string;
  /** Embedded only: the cluster's data directory (removed by `stop()` unless it is the cached one). */
  readonly dataDir?: string;
  /** Where the server's output is written while it runs, when the provider controls it (removed by `stop()`). */
  readonly logDir?: string;
  /** With `jsonLog`: the directory of the server's `*.json` log files, readable by this process (removed by `stop()`). */
  readonly jsonLogDir?: string;
  /** Superuser URL for `database` (default: `postgres`, or the database of the given URL). */
  adminUrl(database?: string): string;
  /** `CREATE DATABASE "name" [TEMPLATE "template"]`, identifiers quoted. */
  createDatabase(name: string, template?: string): Promise<void>;
  /** Drops with FORCE, so leftover connections of a crashed target cannot block cleanup. */
  dropDatabase(name: string): Promise<void>;
  /** Embedded only: resolves when the server process exits, `stop()` included. */
  readonly exited?: Promise<ProcessExit>;
  /** Embedded only: the server's last output lines, to say why it exited. */
  lastLines?(n?: number): string[];
  /** Idempotent; concurrent calls share one stop. */
  stop(): Promise<void>;
}
