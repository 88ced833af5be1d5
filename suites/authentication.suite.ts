/**
 * AUTH family: authentication is required and tokens are verified.
 * AUTH-1: every protected operation without credentials is refused, leaks nothing, writes nothing.
 */
import { expect, test } from 'vitest';
import { registerSuite } from '../harness/suite/context.ts';
import { checkRefusal } from '../harness/suite/refusal-property.ts';
import { missingCredentials, missingCredentialVariants } from '../generators/missing-credentials.ts';

const suite = registerSuite();

test('AUTH-1 protected operations refuse requests without credentials', async () => {
  const ctx = suite();
  const transport = ctx.config.identity.transport;
  const scheme = transport.in === 'header' ? transport.scheme : undefined;
  const verdict = await checkRefusal(ctx, {
    invariant: 'AUTH-1',
    variants: missingCredentials(scheme),
    representatives: missingCredentialVariants(scheme),
    expectation: 'unauthenticated',
    label: (v) => `no-credentials:${v.id}`,
    credentials: (v) => (v.raw === undefined ? 'none' : { raw: v.raw }),
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});
