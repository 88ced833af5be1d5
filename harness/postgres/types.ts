/** Postgres providers share one shape: options in, a started handle out (testcontainers style). */
export type PostgresProviderKind = 'auto' | 'embedded' | 'container' | 'url';

export interface PostgresOptions {
  /** An existing server (`url` provider, and `auto` picks it when given). */
  url?: string;
  /** Container image for the `container` provider (default postgres:18-alpine). */
  image?: string;
  /** Embedded only: a fixed port; default a random free port on 127.0.0.1. */
  port?: number;
  /**
   * Embedded only: `throwaway` (default) initialises a new cluster and removes it afterwards;
   * `cached` starts a cluster kept between runs in place, falling back to throwaway when it is busy.
   */
  cluster?: 'throwaway' | 'cached';
  /** Extra server settings (`-c key=value`), e.g. statement logging. */
  settings?: Record<string, string>;
  /** Progress and provider-choice lines. */
  log?: (line: string) => void;
}

export interface StartedPostgres {
  readonly kind: 'embedded' | 'container' | 'url';
  readonly host: string;
  readonly port: number;
  /** `SHOW server_version`. */
  readonly serverVersion: string;
  /** Embedded only: the throwaway data directory (removed by stop). */
  readonly dataDir?: string;
  /** Superuser URL for `database` (default: the maintenance database). */
  adminUrl(database?: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  /** Drops with FORCE, so leftover connections of a crashed target cannot block cleanup. */
  dropDatabase(name: string): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}
