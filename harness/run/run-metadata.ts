/**
 * The facts a certification bundle records beside its digests: harness version, the target's git
 * commit (when its folder is in a git work tree), Postgres version, seed, profile and a hash of the
 * contract, so a reviewer knows exactly what was certified with what.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.ts';
import { sha256File, type ManifestMetadata } from '../../reports/manifest.ts';
import type { Summary } from '../../reports/summary.ts';

/** `HEAD` and dirtiness of the git work tree holding `dir`, or nothing when it is not in one. */
export function gitState(dir: string): { gitCommit?: string; gitDirty?: boolean } {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const gitCommit = git('rev-parse', 'HEAD');
    return { gitCommit, gitDirty: git('status', '--porcelain', '--', '.').length > 0 };
  } catch {
    return {};
  }
}

/** Manifest metadata of a finished run. */
export function runMetadata(summary: Summary, config: ResolvedConfig): ManifestMetadata {
  const targetDir = path.resolve(path.dirname(summary.config), config.target.cwd ?? '.');
  return {
    harness: summary.harness,
    runId: summary.runId,
    seed: summary.seed,
    profile: summary.profile,
    ...(summary.shard ? { shard: summary.shard } : {}),
    ...(summary.postgres ? { postgres: summary.postgres } : {}),
    target: { name: summary.target.name, ...(existsSync(targetDir) ? gitState(targetDir) : {}) },
    config: { path: summary.config, ...(existsSync(summary.config) ? { sha256: sha256File(summary.config) } : {}) },
    ...(summary.interrupted ? { interrupted: summary.interrupted } : {}),
  };
}
