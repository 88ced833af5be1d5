/**
 * `manifest.json`: the SHA-256 of every artifact of a run folder plus run metadata, sealed by a hash
 * of the manifest's own bytes, so `tenantproof verify <dir>` detects any changed, missing or added
 * byte in a certification bundle. (The seal proves integrity, not origin: record the printed
 * manifest digest in the release ticket, or sign the file, to pin a bundle to its author.)
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeReportFile } from './write-report-file.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;

/** Run facts recorded beside the digests. */
export interface ManifestMetadata {
  harness: { name: 'tenantproof'; version: string };
  runId: string;
  seed: number;
  profile: string;
  shard?: string;
  mergedFrom?: string[];
  postgres?: { kind: string; version: string };
  target: { name: string; gitCommit?: string; gitDirty?: boolean };
  config: { path: string; sha256?: string };
  /** The run was stopped by this signal: the bundle is whole but partial (see summary.json). */
  interrupted?: { signal: string };
}

export interface Manifest extends ManifestMetadata {
  manifestVersion: typeof MANIFEST_VERSION;
  createdAt: string;
  files: Record<string, { sha256: string; bytes: number }>;
  /** SHA-256 of this file's text with this value empty. */
  seal: string;
}

/** SHA-256 of a file, read in chunks so a large evidence file does not fill memory. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every regular file under `dir`, relative, `/`-separated, sorted; the manifest itself excluded. */
function artifacts(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) return artifacts(dir, rel);
      return e.isFile() && rel !== MANIFEST_FILE && !rel.endsWith('.tmp') ? [rel] : [];
    })
    .sort();
}

const SEAL = /"seal": "([0-9a-f]*)"/;
const sealOf = (text: string) => createHash('sha256').update(text.replace(SEAL, '"seal": ""')).digest('hex');

/** Hashes every artifact of `runDir` and writes the sealed manifest; call after every other writer. */
export function writeManifest(runDir: string, metadata: ManifestMetadata): Manifest {
  const files = Object.fromEntries(
    artifacts(runDir).map((rel) => [rel, { sha256: sha256File(path.join(runDir, rel)), bytes: statSync(path.join(runDir, rel)).size }]),
  );
  const unsealed: Manifest = { manifestVersion: MANIFEST_VERSION, createdAt: new Date().toISOString(), ...metadata, files, seal: '' };
  const text = `${JSON.stringify(unsealed, null, 2)}\n`;
  const manifest = { ...unsealed, seal: sealOf(text) };
  writeReportFile(path.join(runDir, MANIFEST_FILE), text.replace(SEAL, `"seal": "${manifest.seal}"`));
  return manifest;
}

export interface VerifyResult {
  ok: boolean;
  /** One line per problem: a changed, missing or unlisted file, or a broken seal. */
  problems: string[];
  files: number;
  /** SHA-256 of manifest.json as a whole, to record outside the bundle. */
  manifestSha256?: string;
  /** From the manifest: an intact bundle of a run stopped by this signal holds only part of a run. */
  interrupted?: { signal: string };
}

/** Checks a bundle against its manifest: the seal, then every listed file, then files not listed. */
export function verifyManifest(dir: string): VerifyResult {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return { ok: false, problems: [`${MANIFEST_FILE} not found in ${dir}`], files: 0 };
  const text = readFileSync(file, 'utf8');
  const manifestSha256 = createHash('sha256').update(text).digest('hex');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (e) {
    return { ok: false, problems: [`${MANIFEST_FILE} is not valid JSON: ${(e as Error).message}`], files: 0, manifestSha256 };
  }
  const problems: string[] = [];
  if (manifest.manifestVersion !== MANIFEST_VERSION)
    problems.push(`${MANIFEST_FILE}: manifestVersion ${String(manifest.manifestVersion)}, expected ${MANIFEST_VERSION}`);
  if (SEAL.exec(text)?.[1] !== sealOf(text)) problems.push(`${MANIFEST_FILE}: seal does not match its contents (the manifest was edited)`);
  const listed = manifest.files ?? {};
  for (const [rel, expected] of Object.entries(listed)) {
    const full = path.join(dir, rel);
    if (!existsSync(full)) problems.push(`${rel}: missing`);
    else if (sha256File(full) !== expected.sha256) problems.push(`${rel}: SHA-256 differs from the manifest (changed after the run)`);
  }
  for (const rel of artifacts(dir)) if (!(rel in listed)) problems.push(`${rel}: not listed in the manifest (added after the run)`);
  return {
    ok: problems.length === 0,
    problems,
    files: Object.keys(listed).length,
    manifestSha256,
    ...(manifest.interrupted ? { interrupted: manifest.interrupted } : {}),
  };
}
