/**
 * One certification run, programmatically: validates the contract, runs the suites under vitest
 * (whose global setup owns the environment), collects verdicts and writes the summary. Returns
 * the summary; the caller (the CLI) decides what to print and turns `exitCode` into the exit.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.ts';
import { selectingEnvironment } from './selecting-environment.ts';
import { buildCatalogue, loadContractInvariants, type Catalogue } from '../invariants/catalogue.ts';
import { catalogueVerdicts } from '../invariants/catalogue-verdicts.ts';
import { applyWaivers, checkWaivers } from '../invariants/waivers.ts';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';
import { ENVIRONMENT_ERROR_FILE, ENVIRONMENT_FILE, RUN_OPTIONS_VARIABLE, type RunOptions } from './run-options.ts';
import { counterexampleReporter } from '../../reports/counterexample-reporter.ts';
import { curlCommands } from '../../reports/curl-commands.ts';
import { ProgressReporter, wantsLiveProgress } from '../../reports/progress-reporter.ts';
import { publishReports } from '../../reports/publish-reports.ts';
import { describeVerdict, SUMMARY_SCHEMA_VERSION, type Summary } from '../../reports/summary.ts';
import { finishAllureResults } from '../../reports/allure-results.ts';
import { runMetadata } from './run-metadata.ts';
import { previousSummary } from './run-summaries.ts';
import { addToCorpus } from '../checks/regression-corpus.ts';
import { diffRuns } from '../../reports/run-diff.ts';
import { pointLatest, runFolders } from './run-folders.ts';
import { startReaper } from '../lifecycle/start-reaper.ts';
import { watchInterruptions, type Interruption } from './run-interruption.ts';
import { recordedVerdicts } from './recorded-verdicts.ts';
import { runSuites } from './run-suites.ts';
import { verdictsBefore } from './verdicts-before.ts';
import { reportPauseHook } from './report-pause-hook.ts';
import { checkRunFolder } from './check-run-folder.ts';
import { EnvironmentError, TenantproofError } from '../errors/index.ts';
import { checkFixedPort } from '../postgres/fixed-port.ts';
import { allureReporter } from './allure-reporter.ts';
import { operationsOf } from '../suite/operations.ts';

/** Allure results folder in the run folder; render with `allure generate <run>/allure-results`. */
const ALLURE_RESULTS = 'allure-results';
/** The one vitest file of the product suite: it registers the run's selected invariants. */
const SUITE_ENTRY = 'suites/certify.vitest.ts';

export interface CertificationOptions {
  configPath: string;
  /** The built-in invariants (`tenantproof/invariants`); the contract's own `invariants` are added to them. */
  invariants: readonly InvariantDefinition[];
  seed?: number;
  profile?: 'quick' | 'ci' | 'nightly' | 'certify';
  only?: string[];
  skip?: string[];
  replayPath?: string;
  /** Where run folders go (`<dir>/<run-id>`, `<dir>/latest`); default `.tenantproof/runs/` under the current directory, with `.tenantproof/latest`. */
  reportsDir?: string;
  /** The regression corpus; default `corpus/` beside the run folders (`.tenantproof/corpus`, or `<reportsDir>/corpus`). */
  corpusDir?: string;
  shard?: string;
  /** Stop starting new invariants after this many milliseconds; default the profile's `timeBudgetSeconds`. */
  timeBudgetMs?: number;
  /** Further rounds of the property checks until the time budget (harness/explore/); default the profile's `explore`, never on a replay. */
  explore?: boolean;
  /** Live progress line; default when stdout is a terminal outside CI. */
  live?: boolean;
  /** Also write Allure results (`<run>/allure-results`); needs the optional peer allure-vitest. */
  allure?: boolean;
  quiet?: boolean;
  log?: (line: string) => void;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** tenantproof's own version, as `--version` and every summary give it. */
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function runCertification(options: CertificationOptions): Promise<Summary> {
  const startedAt = new Date();
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const { config, path: configPath } = await loadConfig(options.configPath);
  const catalogue = buildCatalogue([...options.invariants, ...(await loadContractInvariants(config, configPath))]);
  checkWaivers(config.waivers, (id) => Boolean(catalogue.get(id)));
  const selected = selectedIds(catalogue, options.only, options.skip, options.shard);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const profile = options.profile ?? 'ci';
  // The random tail keeps two runs started in the same second with the same seed apart.
  const runId = `run-${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${seed}${options.shard ? `-shard${options.shard.replace('/', 'of')}` : ''}-${randomBytes(2).toString('hex')}`;
  const folders = runFolders(options.reportsDir, process.cwd(), options.corpusDir);
  const runDir = path.join(folders.runs, runId);
  // The embedded provider's fixed port (the others ignore it), told in one line rather than from inside vitest's setup.
  const { port, url, provider } = config.database;
  if (port !== undefined && !url && (provider === 'embedded' || provider === 'auto')) await checkFixedPort(port);
  const budgetSeconds = config.profiles[profile].timeBudgetSeconds;
  const budgetMs = options.timeBudgetMs ?? (budgetSeconds ? budgetSeconds * 1000 : undefined);
  // A replay follows one recorded path: one round, whatever the profile says.
  const explore = !options.replayPath && (options.explore ?? config.profiles[profile].explore);
  if (explore && !budgetMs)
    throw new TenantproofError('USAGE', `--explore runs until the time budget: give --time-budget or profiles.${profile}.timeBudgetSeconds`);
  checkRunFolder(runDir);
  const allureDir = path.join(runDir, ALLURE_RESULTS);
  // Loaded before anything starts, so a missing allure-vitest fails the run at once.
  const allure = options.allure
    ? await allureReporter({ resultsDir: allureDir, environmentInfo: { target: config.name, seed: String(seed), profile } })
    : undefined;
  startReaper();
  const exploring = explore ? `, exploring for ${Math.round(budgetMs! / 1000)} s from the first invariant` : '';
  log(`tenantproof ${VERSION}: certifying ${config.name} with seed ${seed} (profile ${profile}${exploring}); evidence in ${runDir}`);

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
    corpusDir: folders.corpus,
    quiet: options.quiet,
    selected,
    ...(explore ? { explore: { budgetMs: budgetMs! } } : {}),
  };
  process.env[RUN_OPTIONS_VARIABLE] = JSON.stringify(runOptions);

  const progress = new ProgressReporter({
    write: log,
    live: options.live ?? (!options.log && wantsLiveProgress()),
    runDir,
    total: selected.length,
    // Under explore the suite itself keeps to the budget, after every invariant's first round.
    budgetMs: explore ? undefined : budgetMs,
    judge: (v) => applyWaivers(v, config.waivers),
  });
  // From here until the bundle is written, a signal is ours to handle (run-interruption.ts).
  const watch = watchInterruptions();
  try {
    const interruption = await runSuites({
      interrupted: watch.first,
      root: ROOT,
      entry: SUITE_ENTRY,
      progress,
      reporters: allure ? [progress, allure] : [progress],
      runDir,
      log,
    });
    delete process.env[RUN_OPTIONS_VARIABLE];
    // Nothing more can be written: one line naming what to free, not an error verdict per invariant.
    if (progress.diskFull) throw new EnvironmentError('DISK_FULL', progress.diskFull.message);

    const verdicts = catalogueVerdicts(
      catalogue,
      interruption ? verdictsBefore(interruption, recordedVerdicts(runDir)) : recordedVerdicts(runDir),
      new Set(selected),
      progress.budgetExhausted,
      config.waivers,
      interruption && (interruption.signal ? `${interruption.message} before this invariant finished` : interruption.message),
    );
    const startedEnvironment = readJson<{ postgres: { kind: string; version: string } }>(path.join(runDir, ENVIRONMENT_FILE));
    // No environment file means the global setup never finished, whatever vitest made of it.
    const runError =
      (interruption && { code: interruption.code, message: interruptionMessage(interruption) }) ??
      readJson<{ code: string; message: string }>(path.join(runDir, ENVIRONMENT_ERROR_FILE)) ??
      (startedEnvironment
        ? undefined
        : { code: 'ENVIRONMENT_FAILED', message: progress.errors.join('\n') || 'the environment did not start (see the lines above)' });
    const violated = verdicts.some((v) => v.verdict === 'violated');
    const unproven = Boolean(runError) || verdicts.some((v) => v.verdict === 'error' || v.verdict === 'inconclusive');
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
      ...(interruption?.signal ? { interrupted: { signal: interruption.signal } } : {}),
      ...(runError ? { error: runError } : {}),
      invariants: verdicts.map((v) => describeVerdict(v, catalogue.get(v.id)!)),
    };
    const previous = previousSummary(folders.runs, configPath, summary.startedAt);
    if (previous) summary.sincePrevious = diffRuns(previous, summary);
    for (const file of addToCorpus(folders.corpus, summary)) log(`regression corpus: added ${path.relative(process.cwd(), file) || file}`);
    if (allure) finishAllureResults(allureDir, summary.invariants);
    const identity = config.identity;
    // A signal from here on comes while the bundle is written: it hurries the writing and the bundle says so.
    let lateSignal: string | undefined;
    if (!interruption) void watch.first.then((i) => (lateSignal = i.signal));
    const written = await publishReports(runDir, summary, {
      extra: [...reportPauseHook(log, watch.first), counterexampleReporter({ runDir, runId, profile, configPath, environment, identity })],
      interrupted: () => lateSignal,
      curl: (v) => (v.counterexample ? curlCommands(v.counterexample.violation, identity) : []),
      manifest: runMetadata(summary, config),
      declaredOperations: operationsOf(config.resources).map(({ resource, op }) => `${resource}.${op}`),
    });
    pointLatest(folders.latest, runDir);
    return written;
  } finally {
    watch.stop();
  }
}

/**
 * The ids this run checks: `--only`/`--skip` filters (ids or `FAMILY-*`), then this shard's share,
 * dealt round-robin in catalogue order so every shard gets a mix of slow and quick families.
 */
function selectedIds(catalogue: Catalogue, only: string[] | undefined, skip: string[] | undefined, shard: string | undefined): string[] {
  const skipped = new Set(catalogue.expand(skip ?? []));
  const chosen = only?.length ? new Set(catalogue.expand(only)) : undefined;
  const ids = catalogue.invariants.map((d) => d.id).filter((id) => (chosen ? chosen.has(id) : !skipped.has(id)));
  if (!shard) return ids;
  const [index, count] = shard.split('/').map(Number) as [number, number];
  return ids.filter((_, i) => i % count === index - 1);
}

function interruptionMessage(i: Interruption): string {
  return i.signal ? `${i.message}: invariants that had not finished are error; the bundle holds what the run saw until then` : i.message;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}
