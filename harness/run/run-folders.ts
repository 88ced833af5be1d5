/**
 * Where run folders go. By default under the current directory: `.tenantproof/runs/<run-id>/`,
 * with the symlink `.tenantproof/latest` at the newest. With `--reports <dir>`: `<dir>/<run-id>/`
 * and `<dir>/latest`. The regression corpus sits beside them (`.tenantproof/corpus/`, `<dir>/corpus/`)
 * unless `--corpus` says where. Certify, replay and merge all use this; nothing writes to `./reports`.
 */
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** tenantproof's own output folder under the current directory (git-ignored). */
export const OUTPUT_DIR = '.tenantproof';

export interface RunFolders {
  /** The folder the run folders go in. */
  runs: string;
  /** The symlink that points at the newest run folder. */
  latest: string;
  /** The regression corpus: counterexamples every later run tries first. */
  corpus: string;
}

/** Absolute paths for `--reports` and `--corpus` (as given, undefined when not) from `cwd`. */
export function runFolders(reportsDir?: string, cwd = process.cwd(), corpusDir?: string): RunFolders {
  const corpus = (beside: string) => (corpusDir === undefined ? path.join(beside, 'corpus') : path.resolve(cwd, corpusDir));
  if (reportsDir !== undefined) {
    const runs = path.resolve(cwd, reportsDir);
    return { runs, latest: path.join(runs, 'latest'), corpus: corpus(runs) };
  }
  const out = path.resolve(cwd, OUTPUT_DIR);
  return { runs: path.join(out, 'runs'), latest: path.join(out, 'latest'), corpus: corpus(out) };
}

/** A run folder as the CLI prints it: under `--reports` as the user spelled it, else relative to the current directory. */
export function shownRunDir(runId: string, reportsDir?: string): string {
  return path.join(reportsDir ?? path.join(OUTPUT_DIR, 'runs'), runId);
}

/**
 * Points `latest` at `runDir` (a relative link, so the folder can be moved or archived whole). The
 * link is made under a name of its own and renamed over `latest`: two runs finishing at once each
 * replace it whole, and a reader never finds it missing.
 */
export function pointLatest(latest: string, runDir: string): void {
  const draft = `${latest}.${randomUUID()}.tmp`;
  symlinkSync(path.relative(path.dirname(latest), runDir), draft);
  try {
    renameSync(draft, latest);
  } catch (err) {
    rmSync(draft, { force: true });
    throw err;
  }
}
