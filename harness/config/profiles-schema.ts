/** The contract's `profiles` section: how long each kind of run may take. */
import { z } from 'zod';

const profile = (name: string, use: string, numRuns: number, findings: number, timeBudgetSeconds?: number, explore = false) =>
  z
    .strictObject({
      numRuns: z
        .number()
        .int()
        .positive()
        .meta({ description: 'fast-check runs per property.', examples: [numRuns * 2] }),
      findings: z
        .number()
        .int()
        .positive()
        .default(findings)
        .meta({
          description:
            'The most distinct findings one invariant reports. After the first (shrunk, with its replay), each further pass over the same cases looks for one not yet seen (another resource, family or kind of answer), without shrinking; each pass costs up to `numRuns` cases.',
          examples: [findings + 2],
        }),
      timeBudgetSeconds: z
        .number()
        .positive()
        .optional()
        .meta({
          description:
            'Stop starting invariants after this long; the rest are `inconclusive` (`--time-budget` overrides it). Under `explore`, the time for rounds, counted from the start of the first invariant instead.',
          examples: [600],
        }),
      explore: z
        .boolean()
        .default(explore)
        .meta({
          description:
            'Keep running rounds of the property checks until the time budget is spent (`--explore` turns it on for one run): once every invariant has had its first round, each further round (a fresh seed derived from the run seed and the round number) goes to the invariant whose operation x family cells have the fewest probes, until `timeBudgetSeconds` after the first invariant started. Every selected invariant gets its first round, past the budget if need be, so none is `inconclusive` for the budget. Rate-limit checks and a key rotation get their first round only.',
          examples: [true],
        }),
    })
    .default({ numRuns, findings, ...(timeBudgetSeconds ? { timeBudgetSeconds } : {}), explore })
    .meta({ description: `\`--profile ${name}\`: ${use}.` });

export const profiles = z
  .object({
    quick: profile('quick', 'pre-commit, seconds', 10, 1),
    ci: profile('ci', 'the default', 30, 3),
    nightly: profile('nightly', 'long, time-budgeted and exploring', 300, 5, 1800, true),
    certify: profile('certify', 'everything, strict, for the evidence bundle a release keeps', 100, 5),
  })
  .prefault({})
  .meta({ description: 'Run counts and time budgets of each profile a run may pick with `--profile`.' });
