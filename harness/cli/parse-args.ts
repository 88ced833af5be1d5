/**
 * Command-line parsing for `tenantproof`: node's own parseArgs, with errors that name the flag.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TenantproofError } from '../errors/index.ts';

export const USAGE = `usage: tenantproof <command> [options]

commands:
  certify             start Postgres, the identity provider and the target, attack it, report verdicts
  run                 same as certify (kept for scripts that run suites without certifying)
  replay <file>       rerun one saved counterexample (<run>/counterexamples/<ID>.json) from a fresh start
  verify <dir>        check a run folder against its manifest.json (any changed, missing or added byte fails)
  diff <run-a> <run-b>
                      findings new, fixed and still failing in run-b against run-a (run folders, their
                      summary.json, or run ids in the runs folder); exit 1 when there is a new one
  merge <dirs...>     combine shard run folders into one run folder, report and manifest (--out <dir>)
  list                every invariant: id, title, severity, what it requires, its source file (--json,
                      --markdown; --config adds the contract's own invariants)
  init [file]         write a commented tenantproof.config.ts for a new service (--force to overwrite);
                      --from-openapi <spec.yaml|json> or --from-graphql <schema.graphql|url> drafts it from
                      the API's description: resources, operations, ids, transport, a TODO for the rest
  lint-migrations     lint SQL migrations (MIG-1, MIG-2, MIG-4); starts nothing (tenantproof lint-migrations --help)

options:
  --config <path>        contract file (default: the nearest tenantproof.config.{ts,mts,cts,js,mjs,cjs} from here upward)
  --seed <n>             fast-check seed; printed by every run so it can be replayed
  --profile <name>       quick | ci | nightly | certify (default ci)
  --only <ids>           comma-separated invariant ids or FAMILY-* to run (e.g. TI-1,AUTH-1,MIG-*)
  --skip <ids>           comma-separated invariant ids or FAMILY-* to leave out
  --replay-path <path>   fast-check path of a counterexample (with --only and --seed)
  --reports <dir>        where run folders go, with <dir>/latest (default .tenantproof/runs, .tenantproof/latest)
  --corpus <dir>         the regression corpus: every counterexample found is kept there and tried first by
                         every later run (default corpus/ beside the run folders: .tenantproof/corpus)
  --shard <i/n>          run one shard of the suites, with its own Postgres and target
  --time-budget <t>      stop starting invariants after t (90s, 10m, 1h); the rest are inconclusive
  --explore              once every invariant has had its first round, run further rounds (fresh seeds derived
                         from --seed) on the thinnest-covered invariant until the time budget, counted from the
                         first invariant's start (nightly's default)
  --json                 print the summary as JSON instead of a table
  --allure               also write Allure results (<run>/allure-results); needs allure-vitest installed
  --from-openapi <file>  init: draft the contract from an OpenAPI document (2.0, 3.0, 3.1)
  --from-graphql <src>   init: draft the contract from a GraphQL SDL file, introspection JSON or endpoint URL
  --out <dir>            merge: the folder for the merged run (default .tenantproof/runs/merge-..., or <reports>/merge-...)
  --version              print tenantproof's version
  --help, -h             print this help

exit codes: 0 every invariant held, 1 at least one violated, 2 could not run or prove (error, inconclusive, bad config)
  replay: 1 the violation was reproduced, 0 it was not (the invariant held), 2 could not run
  verify: 0 the bundle is intact, 1 it was changed, 2 no manifest
  diff: 1 run-b has a finding run-a did not, 0 it has none, 2 a run could not be read`;

export interface CliArgs {
  command: string;
  /** `--config` as given; commands default it (certify, list: the nearest tenantproof.config.* upward; replay: the recorded one). */
  config?: string;
  seed?: number;
  profile?: 'quick' | 'ci' | 'nightly' | 'certify';
  only?: string[];
  skip?: string[];
  replayPath?: string;
  reports?: string;
  corpus?: string;
  shard?: string;
  timeBudgetMs?: number;
  /** `--explore`; undefined leaves it to the profile. */
  explore?: boolean;
  out?: string;
  force: boolean;
  /** init: the API description to draft the contract from. */
  fromOpenapi?: string;
  fromGraphql?: string;
  /** Operands after the command (a replay file, a folder to verify, shard folders to merge). */
  operands: string[];
  json: boolean;
  allure: boolean;
  markdown: boolean;
  help: boolean;
  version: boolean;
}

const PROFILES = ['quick', 'ci', 'nightly', 'certify'] as const;

/**
 * node:util parseArgs with positionals allowed; an unknown or malformed option is a usage error
 * that shows the command's usage text.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (cause) {
    throw new TenantproofError('USAGE', `${(cause as Error).message}\n\n${usage}`);
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  const parsed = parseCommandLine(
    argv,
    {
      config: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'replay-path': { type: 'string' },
      reports: { type: 'string' },
      corpus: { type: 'string' },
      shard: { type: 'string' },
      'time-budget': { type: 'string' },
      out: { type: 'string' },
      'from-openapi': { type: 'string' },
      'from-graphql': { type: 'string' },
      explore: { type: 'boolean' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      allure: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  const list = (v: string | undefined) =>
    v
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new TenantproofError('USAGE', `--seed expects an integer, found ${values.seed}`);
  if (values.profile !== undefined && !PROFILES.includes(values.profile as 'ci')) {
    throw new TenantproofError('USAGE', `--profile expects one of ${PROFILES.join(', ')}, found ${values.profile}`);
  }
  if (values.shard !== undefined && !/^\d+\/\d+$/.test(values.shard))
    throw new TenantproofError('USAGE', `--shard expects i/n such as 1/2, found ${values.shard}`);
  if (values['from-openapi'] !== undefined && values['from-graphql'] !== undefined)
    throw new TenantproofError('USAGE', 'init takes one of --from-openapi or --from-graphql, not both');
  return {
    command: positionals[0] ?? 'help',
    operands: positionals.slice(1),
    timeBudgetMs: values['time-budget'] === undefined ? undefined : parseDuration(values['time-budget']),
    explore: values.explore,
    out: values.out,
    force: values.force ?? false,
    fromOpenapi: values['from-openapi'],
    fromGraphql: values['from-graphql'],
    config: values.config,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    profile: values.profile as CliArgs['profile'],
    only: list(values.only),
    skip: list(values.skip),
    replayPath: values['replay-path'],
    reports: values.reports,
    corpus: values.corpus,
    shard: values.shard,
    json: values.json ?? false,
    allure: values.allure ?? false,
    markdown: values.markdown ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--time-budget` value in milliseconds: a positive number with unit ms, s, m or h (seconds when bare). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 's']! : NaN;
  if (!(ms > 0)) throw new TenantproofError('USAGE', `--time-budget expects a duration such as 90s, 10m or 1h, found ${text}`);
  return ms;
}
