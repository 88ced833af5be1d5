/**
 * Command-line parsing for `tenantproof`: node's own parseArgs, with errors that name the flag.
 */
import { parseArgs } from 'node:util';
import { TenantproofError } from '../errors.ts';

export const USAGE = `usage: tenantproof <command> [options]

commands:
  certify    start Postgres, the identity provider and the target, attack it, report verdicts
  run        same as certify (kept for scripts that run suites without certifying)

options:
  --config <path>        contract file (default ./tenantproof.config.ts)
  --seed <n>             fast-check seed; printed by every run so it can be replayed
  --profile <name>       quick | ci | nightly | certify (default ci)
  --only <ids>           comma-separated invariant ids to run (e.g. TI-1,AUTH-1)
  --skip <ids>           comma-separated invariant ids to leave out
  --replay-path <path>   fast-check path of a counterexample (with --only and --seed)
  --reports <dir>        where run folders go (default ./reports)
  --shard <i/n>          run one shard of the suites, with its own Postgres and target
  --json                 print the summary as JSON instead of a table

exit codes: 0 every invariant held, 1 at least one violated, 2 could not run or prove (error, inconclusive, bad config)`;

export interface CliArgs {
  command: string;
  config: string;
  seed?: number;
  profile?: 'quick' | 'ci' | 'nightly' | 'certify';
  only?: string[];
  skip?: string[];
  replayPath?: string;
  reports?: string;
  shard?: string;
  json: boolean;
  help: boolean;
}

const PROFILES = ['quick', 'ci', 'nightly', 'certify'] as const;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        seed: { type: 'string' },
        profile: { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
        'replay-path': { type: 'string' },
        reports: { type: 'string' },
        shard: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (cause) {
    throw new TenantproofError('USAGE', `${(cause as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new TenantproofError('USAGE', `--seed expects an integer, found ${values.seed}`);
  if (values.profile !== undefined && !PROFILES.includes(values.profile as 'ci')) {
    throw new TenantproofError('USAGE', `--profile expects one of ${PROFILES.join(', ')}, found ${values.profile}`);
  }
  if (values.shard !== undefined && !/^\d+\/\d+$/.test(values.shard)) throw new TenantproofError('USAGE', `--shard expects i/n such as 1/2, found ${values.shard}`);
  return {
    command: positionals[0] ?? 'help',
    config: values.config ?? 'tenantproof.config.ts',
    seed: values.seed === undefined ? undefined : Number(values.seed),
    profile: values.profile as CliArgs['profile'],
    only: list(values.only),
    skip: list(values.skip),
    replayPath: values['replay-path'],
    reports: values.reports,
    shard: values.shard,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
