/**
 * `tenantproof/runner`: certify from code (a custom CLI, a test of your own) and load or validate a
 * contract without running it.
 */
export { loadConfig, resolveConfig } from './config/load-config.ts';
export { runCertification, type CertificationOptions } from './run/run-certification.ts';
