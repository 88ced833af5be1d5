/**
 * `tenantproof replay <file>`: reruns one saved counterexample from a fresh environment (new
 * Postgres, new target, new world) with the original contract, seed, profile, fast-check path and
 * selecting environment (TENANTPROOF_* and the contract's target.replayEnv), and says whether the same invariant is violated again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { COUNTEREXAMPLE_FORMAT, type CounterexampleFile } from '../../reports/counterexample-reporter.ts';
import type { Summary, SummaryInvariant } from '../../reports/summary.ts';
import { TenantproofError } from '../errors/index.ts';
import { loadConfig } from '../config/load-config.ts';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';
import { runCertification } from './run-certification.ts';
import { selectsTarget } from './selecting-environment.ts';

export interface ReplayOptions {
  invariants: readonly InvariantDefinition[];
  /** Use this contract instead of the one recorded (e.g. the bundle moved to another machine). */
  configPath?: string;
  /** Where the replay's own run folder goes; default `.tenantproof/runs/` under the current directory, as for certify (the original bundle is left untouched). */
  reportsDir?: string;
  log?: (line: string) => void;
}

export interface ReplayResult {
  original: CounterexampleFile;
  summary: Summary;
  verdict: SummaryInvariant | undefined;
  /** The invariant was violated again. */
  reproduced: boolean;
  /** ...and fast-check shrank to the same generated value. */
  sameValue: boolean;
}

/** Reads and checks a counterexample file. */
export function readCounterexampleFile(file: string): CounterexampleFile {
  if (!existsSync(file)) throw new TenantproofError('REPLAY_FILE', `replay: ${file} does not exist`);
  let parsed: CounterexampleFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CounterexampleFile;
  } catch (e) {
    throw new TenantproofError('REPLAY_FILE', `replay: ${file} is not JSON: ${(e as Error).message}`);
  }
  if (parsed.format !== COUNTEREXAMPLE_FORMAT || parsed.version !== 1) {
    throw new TenantproofError(
      'REPLAY_FILE',
      `replay: ${file} is not a tenantproof counterexample (format ${String(parsed.format)}, version ${String(parsed.version)}); use a file from <run>/counterexamples/`,
    );
  }
  return parsed;
}

/** Replays the counterexample in `file` and compares the outcome with the recorded one. */
export async function replayCounterexample(file: string, options: ReplayOptions): Promise<ReplayResult> {
  const original = readCounterexampleFile(file);
  const configPath = options.configPath ?? original.configPath;
  if (!existsSync(configPath)) throw new TenantproofError('REPLAY_FILE', `replay: the recorded contract ${configPath} does not exist here; pass --config`);
  // The replay must see exactly the original selecting environment (it picks e.g. a zoo variant).
  // It is set before the contract is first imported: a contract reads it at import, and Node keeps
  // that first evaluation for every later import in this process.
  const before = { ...process.env };
  Object.assign(process.env, original.environment);
  const { config } = await loadConfig(configPath);
  for (const k of Object.keys(process.env)) if (selectsTarget(config, k) && !(k in original.environment)) delete process.env[k];
  try {
    const summary = await runCertification({
      configPath,
      invariants: options.invariants,
      seed: original.seed,
      profile: original.profile as 'ci',
      only: [original.invariant],
      replayPath: original.path,
      reportsDir: options.reportsDir,
      log: options.log,
    });
    const verdict = summary.invariants.find((v) => v.id === original.invariant);
    const reproduced = verdict?.verdict === 'violated' || verdict?.verdict === 'waived';
    const sameValue = reproduced && JSON.stringify(verdict?.counterexample?.value) === JSON.stringify(original.counterexample.value);
    return { original, summary, verdict, reproduced, sameValue };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in before)) delete process.env[k];
    Object.assign(process.env, before);
  }
}
