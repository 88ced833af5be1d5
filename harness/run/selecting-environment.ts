import type { ResolvedConfig } from '../config/schema.ts';

/**
 * Whether an environment variable selects what the target does (a bug-zoo variant, a feature
 * flag), so a replay must set it as the run had it: every `TENANTPROOF_*` variable, and the names
 * the contract lists in `target.replayEnv` for a target with its own naming.
 */
export function selectsTarget(config: Pick<ResolvedConfig, 'target'>, name: string): boolean {
  return name.startsWith('TENANTPROOF_') || config.target.replayEnv.includes(name);
}

/** The selecting variables set (non-empty) in `env`, recorded with a run for its replay. */
export function selectingEnvironment(config: Pick<ResolvedConfig, 'target'>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => selectsTarget(config, e[0]) && Boolean(e[1])));
}
