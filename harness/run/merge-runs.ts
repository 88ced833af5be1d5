/**
 * `tenantproof merge <dirs...>`: combines the run folders of shards (`--shard i/n`, each with its
 * own Postgres and target) into one run folder with one summary, evidence stream, report set and
 * manifest, as if the suites had run unsharded. Each shard's manifest is verified first, so a
 * merged bundle is only as trustworthy as its parts.
 */
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { VERDICT_RANK } from '../../reports/verdict.ts';
import { TenantproofError } from '../errors/index.ts';
import { COUNTEREXAMPLES_DIR } from '../../reports/counterexample-reporter.ts';
import { MANIFEST_FILE, verifyManifest, type Manifest } from '../../reports/manifest.ts';
import { publishReports } from '../../reports/publish-reports.ts';
import { readCoverage } from '../../reports/coverage.ts';
import { SARIF_FILE } from '../../reports/sarif-reporter.ts';
import { SUMMARY_SCHEMA_VERSION, type Summary, type SummaryInvariant } from '../../reports/summary.ts';
import { runFolders } from './run-folders.ts';

export interface MergeOptions {
  /** Folder for the merged run; default `<reportsDir>/merge-<time>-<seed>` (without `reportsDir`: `.tenantproof/runs/merge-...`). */
  outDir?: string;
  reportsDir?: string;
}

/** Files a merge regenerates rather than copies. */
const REGENERATED = new Set(['summary.json', 'summary.md', 'junit.xml', SARIF_FILE, 'report.html', MANIFEST_FILE, 'evidence.ndjson']);

function copyTree(from: string, to: string, skip: (rel: string) => boolean, rel = ''): void {
  for (const e of readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (skip(r)) continue;
    if (e.isDirectory()) copyTree(from, to, skip, r);
    else if (e.isFile()) {
      mkdirSync(path.dirname(path.join(to, r)), { recursive: true });
      copyFileSync(path.join(from, r), path.join(to, r));
    }
  }
}

/** Merges shard run folders; returns the merged summary (its `exitCode` as for a single run). */
export async function mergeRuns(dirs: string[], options: MergeOptions = {}): Promise<{ summary: Summary; runDir: string }> {
  if (dirs.length === 0) throw new TenantproofError('USAGE', 'merge: give the run folders of the shards to merge');
  const shards = dirs.map((dir) => {
    const check = verifyManifest(dir);
    if (!check.ok) throw new TenantproofError('MERGE_UNVERIFIED', `merge: ${dir} fails verification:\n  ${check.problems.join('\n  ')}`);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
    if (summary.schemaVersion !== SUMMARY_SCHEMA_VERSION)
      throw new TenantproofError('MERGE_MISMATCH', `merge: ${dir} has summary schema ${summary.schemaVersion}, expected ${SUMMARY_SCHEMA_VERSION}`);
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    return { dir, summary, manifest };
  });
  const [first] = shards;
  for (const s of shards) {
    const differs = (['seed', 'profile'] as const).filter((k) => s.summary[k] !== first!.summary[k]);
    if (s.manifest.config.sha256 !== first!.manifest.config.sha256) differs.push('config' as 'seed');
    if (differs.length)
      throw new TenantproofError(
        'MERGE_MISMATCH',
        `merge: ${s.dir} differs from ${first!.dir} in ${differs.join(', ')}; shards of one run share seed, profile and contract`,
      );
  }

  const verdicts = new Map<string, { v: SummaryInvariant; dir: string }>();
  for (const s of shards) {
    for (const v of s.summary.invariants) {
      const seen = verdicts.get(v.id);
      if (!seen || VERDICT_RANK[v.verdict] < VERDICT_RANK[seen.v.verdict]) verdicts.set(v.id, { v, dir: s.dir });
    }
  }
  const startedAt = shards.map((s) => s.summary.startedAt).sort()[0]!;
  const runId = `merge-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${first!.summary.seed}`;
  const runDir = path.resolve(options.outDir ?? path.join(runFolders(options.reportsDir).runs, runId));
  if (existsSync(runDir) && readdirSync(runDir).length > 0) throw new TenantproofError('MERGE_OUT', `merge: ${runDir} is not empty`);
  mkdirSync(runDir, { recursive: true });

  // Each shard's own files (target log, environment, verdicts) stay, under shards/<run id>/;
  // the merged verdict and replay file of each invariant come from the shard that decided it.
  for (const s of shards) copyTree(s.dir, path.join(runDir, 'shards', s.summary.runId), (rel) => REGENERATED.has(rel));
  for (const { v, dir } of verdicts.values()) {
    for (const rel of [`verdicts/${v.id}.json`, `${COUNTEREXAMPLES_DIR}/${v.id}.json`]) {
      if (!existsSync(path.join(dir, rel))) continue;
      mkdirSync(path.dirname(path.join(runDir, rel)), { recursive: true });
      copyFileSync(path.join(dir, rel), path.join(runDir, rel));
    }
  }
  const out = createWriteStream(path.join(runDir, 'evidence.ndjson'));
  for (const s of shards) {
    const file = path.join(s.dir, 'evidence.ndjson');
    if (existsSync(file)) await pipeline(createReadStream(file), out, { end: false });
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));

  const invariants = [...verdicts.values()]
    .map((e) => e.v)
    .sort((a, b) => a.id.replace(/\d+$/, (n) => n.padStart(3, '0')).localeCompare(b.id.replace(/\d+$/, (n) => n.padStart(3, '0'))));
  const errors = shards.filter((s) => s.summary.error).map((s) => `${s.summary.runId}: ${s.summary.error!.code}: ${s.summary.error!.message}`);
  const violated = invariants.some((v) => v.verdict === 'violated');
  const unproven = errors.length > 0 || invariants.some((v) => v.verdict === 'error' || v.verdict === 'inconclusive');
  const summary: Summary = {
    ...first!.summary,
    runId,
    startedAt,
    finishedAt: shards
      .map((s) => s.summary.finishedAt)
      .sort()
      .at(-1)!,
    shard: undefined,
    mergedFrom: shards.map((s) => s.summary.runId),
    exitCode: violated ? 1 : unproven ? 2 : 0,
    error: errors.length ? { code: 'SHARD_FAILED', message: errors.join('\n') } : undefined,
    invariants,
  };
  const { files: _files, seal: _seal, createdAt: _created, manifestVersion: _version, shard: _shard, ...metadata } = first!.manifest;
  // Each shard knew the contract's operations; the merged coverage names those no shard probed.
  const declaredOperations = [...new Set(shards.flatMap((s) => readCoverage(s.dir)?.declared ?? []))].sort();
  await publishReports(runDir, summary, { manifest: { ...metadata, runId, mergedFrom: summary.mergedFrom }, declaredOperations });
  return { summary, runDir };
}
