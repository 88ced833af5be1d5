/**
 * The options of one run, passed from the CLI process to the vitest global setup through one
 * environment variable (both live in the same process, but vitest loads the setup separately).
 */
export interface RunOptions {
  configPath: string;
  runId: string;
  runDir: string;
  seed: number;
  profile: string;
  replayBase: string;
  replayPath?: string;
  corpusDir?: string;
  quiet?: boolean;
  /** Ids of the invariants this run checks, in catalogue order. */
  selected: string[];
  /** `--explore`: further rounds once every selected invariant has had its first, until `budgetMs` after the first started. */
  explore?: { budgetMs: number };
}

export const RUN_OPTIONS_VARIABLE = 'TP_INTERNAL_RUN_OPTIONS';

export function readRunOptions(): RunOptions | undefined {
  const raw = process.env[RUN_OPTIONS_VARIABLE];
  return raw ? (JSON.parse(raw) as RunOptions) : undefined;
}

/** A file the global setup writes when the environment could not start, read by the CLI for exit 2. */
export const ENVIRONMENT_ERROR_FILE = 'environment-error.json';

/** Non-secret facts about the started environment (Postgres kind and version, target URL). */
export const ENVIRONMENT_FILE = 'environment.json';
