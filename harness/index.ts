/**
 * tenantproof's public API: the contract (`defineConfig` and its types), the programmatic runner,
 * and the building blocks a custom suite or tool may use. Everything else is internal.
 */
export { defineConfig } from './config/define-config.ts';
export { loadConfig, resolveConfig } from './config/load-config.ts';
export type {
  Actor,
  AuditEntry,
  ComputedEnv,
  Expectation,
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
export { runCertification, type CertificationOptions } from './run/run-certification.ts';
export { INVARIANTS, invariant, type Invariant, type Severity } from './invariants/catalogue.ts';
export type { Counterexample, Exchange, InvariantVerdict, VerdictKind, Violation } from './checks/verdict.ts';
export * from './errors.ts';
