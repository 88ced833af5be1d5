/**
 * Whether the contract declares what an invariant requires; a missing part is a reason to skip,
 * named by the contract key that would provide it.
 */
import type { ResolvedConfig } from '../config/schema.ts';
import type { Requirement } from './define-invariant.ts';

const MISSING: Record<Requirement, (config: ResolvedConfig) => string | undefined> = {
  // The contract schema makes the target, its resources and the database mandatory.
  http: () => undefined,
  database: () => undefined,
  realtime: (config) => (config.realtime ? undefined : 'the contract declares no `realtime` endpoint'),
  migrations: (config) => (config.migrationsLint ? undefined : 'the contract declares no migrationsLint.paths'),
};

/** Why the contract cannot support these requirements, or undefined when it can. */
export function unmetRequirement(config: ResolvedConfig, requires: readonly Requirement[]): string | undefined {
  for (const requirement of requires) {
    const missing = MISSING[requirement](config);
    if (missing) return missing;
  }
  return undefined;
}
