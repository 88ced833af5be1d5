import type { TenantproofConfig } from './schema.ts';

/** Typed identity function for `tenantproof.config.ts`: editors complete and check the contract. */
export function defineConfig(config: TenantproofConfig): TenantproofConfig {
  return config;
}
