import { defineConfig } from 'vitest/config';

/**
 * Tests of tenantproof itself. `suites/` is the product (it attacks a target) and is run by the
 * CLI with its own config, never by this one. Integration tests start real Postgres and real
 * target processes, so they run in their own project with little parallelism on 2-core machines.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'harness/**/*.test.ts',
            'generators/**/*.test.ts',
            'reports/**/*.test.ts',
            'fixtures/**/*.test.ts',
            // test/integration is the other project.
            'test/{lint,suites,action}/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          poolOptions: { forks: { singleFork: true } },
          // Each integration test drives a whole certify run; two at a time is what 2 cores carry.
          maxConcurrency: 2,
        },
      },
    ],
  },
});
