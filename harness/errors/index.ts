/**
 * Every error tenantproof raises on purpose, each with a stable `code` callers match on.
 * A finding is never an error: these mean the run could not be carried out (exit 2).
 */
export class TenantproofError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The contract is malformed: names the key path, what is allowed and what was found. */
export class ConfigError extends TenantproofError {
  constructor(
    readonly issues: ReadonlyArray<{ path: string; expected: string; found: string }>,
    source: string,
  ) {
    super(
      'CONFIG_INVALID',
      `invalid tenantproof config ${source}:\n` + issues.map((i) => `  - ${i.path || '(root)'}: expected ${i.expected}, found ${i.found}`).join('\n'),
    );
  }
}

/** Postgres could not be started, reached or prepared. */
export class PostgresError extends TenantproofError {}

/** The target process exited, never became healthy, or could not be spawned. */
export class TargetStartError extends TenantproofError {
  constructor(
    code: 'TARGET_EXITED' | 'TARGET_UNHEALTHY' | 'TARGET_SPAWN_FAILED',
    message: string,
    readonly lastLines: readonly string[],
  ) {
    super(code, `${message}\n--- last ${lastLines.length} lines of target output ---\n${lastLines.join('\n')}`);
  }
}

/** Provisioning tenants, users or resources through the contract failed. */
export class ProvisioningError extends TenantproofError {}

/**
 * The machine cannot carry the run (a folder it cannot write, a disk without room): the message
 * is one line naming the place and what to change.
 */
export class EnvironmentError extends TenantproofError {
  constructor(code: 'FOLDER_UNWRITABLE' | 'DISK_FULL', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
