/**
 * WEB-3 is only checked where cross-site websocket hijacking exists or an origin policy is declared:
 * a contract whose socket token the page places itself, with no allowed origins, gets `skipped` with
 * the contract key to declare. (Where it runs, the reference service holds it and the zoo's
 * origin-not-checked variant breaks it: test/integration.)
 */
import { describe, expect, test } from 'vitest';
import reference from '../../fixtures/reference-service/tenantproof.config.ts';
import { resolveConfig } from '../../harness/config/load-config.ts';
import type { SuiteContext } from '../../harness/suite/suite-context.ts';
import { web3 } from '../../suites/websocket-origin.suite.ts';

/** Only the contract: a skipped WEB-3 must decide before it opens a socket or reads the world. */
const contextWith = (realtime: Record<string, unknown>) =>
  ({ config: resolveConfig({ ...reference, realtime: { ...reference.realtime, ...realtime } }, 'test') }) as unknown as SuiteContext;

describe('WEB-3 applicability', () => {
  test.each([
    ['query', { in: 'query', name: 'access_token' }],
    ['first message', { in: 'message', build: (token: string) => ({ type: 'auth', token }) }],
    ['subprotocol', { in: 'subprotocol' }],
  ])('a token in the %s with no allowed origins declared: skipped, naming realtime.allowedOrigins', async (_where, auth) => {
    const verdict = await web3.run(contextWith({ auth, allowedOrigins: [] }));
    expect(verdict.verdict).toBe('skipped');
    expect(verdict.reason).toContain('realtime.allowedOrigins');
  });
});
