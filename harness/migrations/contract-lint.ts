/**
 * What the contract says about migration guardrails, resolved for the linter and the policy diff:
 * paths made absolute against the contract file, the tenant column (each resource's own, and the
 * tenant registry's id), the exempt tables, and the personal tables (the user-scoped resources)
 * whose policies must also key on the user.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.ts';
import type { LintOptions } from './lint-migrations.ts';

export interface ContractLint {
  paths: string[];
  options: LintOptions;
  /** Baseline schema files for MIG-3, when the contract declares one. */
  baseline?: string[];
}

/** The contract's `migrationsLint` section resolved, or undefined when it declares none. */
export function contractLint(config: ResolvedConfig, configPath: string): ContractLint | undefined {
  const section = config.migrationsLint;
  if (!section) return undefined;
  const dir = path.dirname(path.resolve(configPath));
  const personalTables: Record<string, string> = {};
  const tenantColumns: Record<string, string> = {};
  for (const resource of Object.values(config.resources)) {
    if (resource.scope === 'user') personalTables[resource.table] = resource.userColumn ?? config.database.userColumn;
    if (resource.tenantColumn) tenantColumns[resource.table] = resource.tenantColumn;
  }
  const registry = config.database.tenantRegistry;
  if (registry) tenantColumns[registry.table] = registry.idColumn;
  return {
    paths: section.paths.map((p) => path.resolve(dir, p)),
    options: {
      tenantColumn: config.database.tenantColumn,
      tenantColumns,
      personalTables,
      exempt: config.database.exempt.map((e) => e.table),
      rollback: section.rollback,
    },
    baseline: section.baseline?.map((p) => path.resolve(dir, p)),
  };
}
