/**
 * tenantproof's public API for authoring: the contract (`defineConfig` and its types) and the
 * building blocks of a custom invariant. It stays light (no vitest, no Postgres driver) because a
 * contract imports it in every process of a run and in CommonJS projects too; the programmatic
 * runner is `tenantproof/runner`. Everything else is internal.
 */
export { defineConfig } from './config/define-config.ts';
export type {
  Actor,
  AuditEntry,
  ComputedEnv,
  Expectation,
  BatchArgs,
  IdArgs,
  ListArgs,
  PlatformArgs,
  ProfileName,
  ResolvedConfig,
  ResourceContract,
  TenantproofConfig,
  WriteArgs,
} from './config/schema.ts';
export type { ProbeRequest, ProbeResponse } from './http/types.ts';
export { defineInvariant, type InvariantDefinition, type InvariantSpec, type Requirement, type Severity } from './invariants/define-invariant.ts';
export { skipped } from './invariants/skipped.ts';
export { checkProperty, Unprovable, type PropertySpec } from './checks/check-property.ts';
export type { SuiteContext } from './suite/suite-context.ts';
export type { Counterexample, Exchange, InvariantVerdict, VerdictKind, Violation } from '../reports/verdict.ts';
export * from './errors/index.ts';
