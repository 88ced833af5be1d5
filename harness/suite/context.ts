/**
 * The vitest side of a suite: takes the environment handle the global setup provided and builds
 * the suite context around the file's tests.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import type { EnvironmentHandle } from '../world.ts';
import { createSuiteContext, type SuiteContext } from './suite-context.ts';

export { createSuiteContext, type Credentials, type SuiteContext } from './suite-context.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    tenantproof: EnvironmentHandle;
  }
}

/** Builds the suite context from the handle the global setup provided; call once per suite file. */
export async function useSuite(): Promise<SuiteContext> {
  const handle = inject('tenantproof');
  if (!handle) throw new Error('tenantproof suites run under the tenantproof global setup (tenantproof run/certify)');
  return createSuiteContext(handle);
}

/**
 * Registers the suite context for the calling suite file: built before its tests, closed after.
 * Returns a getter because the context exists only once `beforeAll` has run.
 */
export function registerSuite(): () => SuiteContext {
  let ctx: SuiteContext | undefined;
  beforeAll(async () => {
    ctx = await useSuite();
  });
  afterAll(async () => ctx?.close());
  return () => {
    if (!ctx) throw new Error('suite context used before beforeAll ran');
    return ctx;
  };
}
