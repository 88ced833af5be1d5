/**
 * One certification run, programmatically: validates the contract, runs the suites under vitest
 * (whose global setup owns the environment), collects verdicts and writes the summary. Returns
 * the summary; the caller (the CLI) decides what to print and turns `exitCode` into the exit.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AllureVitestReporter from 'allure-vitest/reporter';
import { startVitest } from 'vitest/node';
import { loadConfig } from '../config/load-config.ts';
import { selectingEnvironment } from './selecting-environment.ts';
import type { InvariantVerdict } from '../checks/verdict.ts';
import { TenantproofError } from '../errors.ts';
import { isInvariantId } from '../invariants/catalogue.ts';
import { ENVIRONMENT_ERROR_FILE, ENVIRONMENT_FILE, RUN_OPTIONS_VARIABLE, type RunOptions } from './run-options.ts';
import { counterexampleReporter } from '../../reports/counterexample-reporter.ts';
import { curlCommands } from '../../reports/curl-commands.ts';
import { ProgressReporter, wantsLiveProgress } from '../../reports/progress-reporter.ts';
import { publishReports } from '../../reports/publish-reports.ts';
import { describeVerdict, SUMMARY_SCHEMA_VERSION, type Summary } from '../../reports/summary.ts';
import { finishAllureResults } from '../../reports/allure-results.ts';
import { runMetadata } from './run-metadata.ts';

/** Allure results folder in the run folder; render with `allure generate <run>/allure-results`. */
const ALLURE_RESULTS = 'allure-results';

export interface CertificationOptions {
  configPath: string;
  seed?: number;
  profile?: 'quick' | 'ci' | 'nightly' | 'certify';
  only?: string[];
  skip?: string[];
  replayPath?: string;
  /** Where run folders go; default `reports` under the current directory. */
  reportsDir?: string;
  shard?: string;
  /** Stop starting new invariants after this many milliseconds; default the profile's `timeBudgetSeconds`. */
  timeBudgetMs?: number;
  /** Live progress line; default when stdout is a terminal outside CI. */
  live?: boolean;
  quiet?: boolean;
  log?: (line: string) => void;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function runCertification(options: CertificationOptions): Promise<Summary> {
  const startedAt = new Date();
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const { config, path: configPath } = await loadConfig(options.configPath);
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!isInvariantId(id)) throw new TenantproofError('UNKNOWN_INVARIANT', `--only/--skip: unknown invariant id ${id} (see shared invariant catalogue, e.g. TI-1, AUTH-1)`);
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const profile = options.profile ?? 'ci';
  // The random tail keeps two runs started in the same second with the same seed apart.
  const runId = `run-${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${seed}${options.shard ? `-shard${options.shard.replace('/', 'of')}` : ''}-${randomBytes(2).toString('hex')}`;
  const reportsDir = path.resolve(options.reportsDir ?? 'reports');
  const runDir = path.join(reportsDir, runId);
  mkdirSync(runDir, { recursive: true });
  log(`tenantproof ${VERSION}: certifying ${config.name} with seed ${seed} (profile ${profile}); evidence in ${runDir}`);

  const environment = selectingEnvironment(config);
  const passEnv = Object.entries(environment)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const runOptions: RunOptions = {
    configPath,
    runId,
    runDir,
    seed,
    profile,
    replayBase: `${passEnv}npx tenantproof certify --config ${path.relative(process.cwd(), configPath) || configPath} --seed ${seed} --profile ${profile}`,
    replayPath: options.replayPath,
    quiet: options.quiet,
  };
  process.env[RUN_OPTIONS_VARIABLE] = JSON.stringify(runOptions);

  const budgetSeconds = config.profiles[profile].timeBudgetSeconds;
  const progress = new ProgressReporter({
    write: log,
    live: options.live ?? (!options.log && wantsLiveProgress()),
    runDir,
    budgetMs: options.timeBudgetMs ?? (budgetSeconds ? budgetSeconds * 1000 : undefined),
  });
  const names = options.only?.length ? `^(${options.only.join('|')}) ` : options.skip?.length ? `^(?!(${options.skip.join('|')}) )` : undefined;
  const vitest = await startVitest('test', [], {
    root: ROOT,
    config: false,
    include: ['suites/**/*.suite.ts'],
    globalSetup: [path.join(ROOT, 'harness/vitest/global-setup.ts')],
    testNamePattern: names,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    reporters: [progress, new AllureVitestReporter({ resultsDir: path.join(runDir, ALLURE_RESULTS), environmentInfo: { target: config.name, seed: String(seed), profile } })],
    watch: false,
    shard: options.shard,
    passWithNoTests: true,
  });
  const tests = vitest.state.getTestModules().flatMap((m) => [...m.children.allTests()]);
  await vitest.close();
  delete process.env[RUN_OPTIONS_VARIABLE];

  const selected = (id: string) => (options.only?.length ? options.only.includes(id) : !options.skip?.includes(id));
  const verdicts = collectVerdicts(
    runDir,
    tests.map((t) => ({ name: t.name, state: t.result().state })),
    progress.budgetExhausted ? selected : undefined,
  );
  const startedEnvironment = readJson<{ postgres: { kind: string; version: string } }>(path.join(runDir, ENVIRONMENT_FILE));
  // No environment file means the global setup never finished, whatever vitest made of it.
  const envError =
    readJson<{ code: string; message: string }>(path.join(runDir, ENVIRONMENT_ERROR_FILE)) ??
    (startedEnvironment ? undefined : { code: 'ENVIRONMENT_FAILED', message: progress.errors.join('\n') || 'the environment did not start (see the lines above)' });
  const violated = verdicts.some((v) => v.verdict === 'violated');
  const unproven = Boolean(envError) || verdicts.some((v) => v.verdict === 'error' || v.verdict === 'inconclusive');
  const exitCode = violated ? 1 : unproven ? 2 : 0;
  const summary: Summary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId,
    seed,
    profile,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    harness: { name: 'tenantproof', version: VERSION },
    target: { name: config.name, command: config.target.command, url: config.target.url },
    ...(startedEnvironment ? { postgres: startedEnvironment.postgres } : {}),
    config: configPath,
    ...(options.shard ? { shard: options.shard } : {}),
    exitCode,
    ...(envError ? { error: envError } : {}),
    invariants: verdicts.map(describeVerdict),
  };
  finishAllureResults(path.join(runDir, ALLURE_RESULTS), summary.invariants);
  const identity = config.identity;
  await publishReports(runDir, summary, {
    extra: [counterexampleReporter({ runDir, runId, profile, configPath, environment, identity })],
    curl: (v) => (v.counterexample ? curlCommands(v.counterexample.violation, identity) : []),
    manifest: runMetadata(summary, config),
  });
  pointLatest(reportsDir, runDir);
  return summary;
}

/**
 * Verdict files written by the suites, plus `skipped`/`error` for tests that wrote none. After the
 * time budget ran out, a selected invariant that never ran is `inconclusive`: nothing was proven.
 */
function collectVerdicts(runDir: string, tests: Array<{ name: string; state: string }>, cutByBudget?: (id: string) => boolean): InvariantVerdict[] {
  const dir = path.join(runDir, 'verdicts');
  const recorded = new Map<string, InvariantVerdict>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const verdict = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as InvariantVerdict;
      recorded.set(verdict.id, verdict);
    }
  }
  for (const test of tests) {
    const id = /^([A-Z]+-\d+) /.exec(test.name)?.[1];
    if (!id || recorded.has(id)) continue;
    if (cutByBudget?.(id) && test.state !== 'passed' && test.state !== 'failed') {
      recorded.set(id, { id, verdict: 'inconclusive', cases: 0, durationMs: 0, reason: 'the time budget ran out before this invariant ran' });
      continue;
    }
    recorded.set(id, {
      id,
      verdict: test.state === 'skipped' ? 'skipped' : 'error',
      cases: 0,
      durationMs: 0,
      reason: test.state === 'skipped' ? 'filtered out or not applicable' : 'the suite failed before it could record a verdict',
    });
  }
  const order = (id: string) => id.replace(/\d+$/, (n) => n.padStart(3, '0'));
  return [...recorded.values()].sort((a, b) => order(a.id).localeCompare(order(b.id)));
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** `reports/latest` always points at the newest run folder. */
function pointLatest(reportsDir: string, runDir: string): void {
  const link = path.join(reportsDir, 'latest');
  rmSync(link, { force: true, recursive: false });
  symlinkSync(path.basename(runDir), link);
}
