import { describe, expect, test } from 'vitest';
import { selectingEnvironment, selectsTarget } from './selecting-environment.ts';

const config = { target: { replayEnv: ['GRAPHQL_SERVICE_BUGS'] } } as unknown as Parameters<typeof selectsTarget>[0];

describe('selecting environment', () => {
  test("TENANTPROOF_* and the contract's replayEnv select the target; nothing else does", () => {
    expect(selectsTarget(config, 'TENANTPROOF_BUGS')).toBe(true);
    expect(selectsTarget(config, 'GRAPHQL_SERVICE_BUGS')).toBe(true);
    expect(selectsTarget(config, 'PATH')).toBe(false);
  });
  test('only set, non-empty variables are recorded', () => {
    expect(selectingEnvironment(config, { GRAPHQL_SERVICE_BUGS: 'x', TENANTPROOF_BUGS: '', HOME: '/root' })).toEqual({ GRAPHQL_SERVICE_BUGS: 'x' });
  });
});
