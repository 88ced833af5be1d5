import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MANIFEST_FILE, verifyManifest, writeManifest, type ManifestMetadata } from './manifest.ts';

const META: ManifestMetadata = {
  harness: { name: 'tenantproof', version: '0.1.0' },
  runId: 'run-x',
  seed: 1,
  profile: 'quick',
  target: { name: 'svc', gitCommit: 'a'.repeat(40), gitDirty: false },
  config: { path: '/c.ts', sha256: 'b'.repeat(64) },
};
const dirs: string[] = [];

function bundle(meta: ManifestMetadata = META): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-manifest-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'verdicts'));
  writeFileSync(path.join(dir, 'summary.json'), '{"a":1}\n');
  writeFileSync(path.join(dir, 'evidence.ndjson'), '{"p":1}\n{"p":2}\n');
  writeFileSync(path.join(dir, 'verdicts', 'TI-1.json'), '{"id":"TI-1"}');
  writeManifest(dir, meta);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('manifest', () => {
  test('lists every artifact with its digest and verifies an untouched bundle', () => {
    const dir = bundle();
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(Object.keys(manifest.files)).toEqual(['evidence.ndjson', 'summary.json', 'verdicts/TI-1.json']);
    expect(manifest.files['summary.json'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest).toMatchObject({ seed: 1, profile: 'quick', target: { gitCommit: 'a'.repeat(40) } });
    expect(verifyManifest(dir)).toMatchObject({ ok: true, problems: [], files: 3 });
    expect(verifyManifest(dir).interrupted).toBeUndefined();
  });

  test('an intact bundle of an interrupted run verifies, and says it is partial', () => {
    expect(verifyManifest(bundle({ ...META, interrupted: { signal: 'SIGTERM' } }))).toMatchObject({ ok: true, interrupted: { signal: 'SIGTERM' } });
  });

  test('fails after any single byte of any file, the manifest included, is changed', () => {
    const dir = bundle();
    for (const rel of ['summary.json', 'evidence.ndjson', 'verdicts/TI-1.json', MANIFEST_FILE]) {
      const file = path.join(dir, rel);
      const original = readFileSync(file);
      for (const at of [0, Math.floor(original.length / 2), original.length - 1]) {
        const changed = Buffer.from(original);
        changed[at] = changed[at]! ^ 0x01;
        writeFileSync(file, changed);
        const result = verifyManifest(dir);
        expect(result.ok, `${rel} byte ${at}`).toBe(false);
        expect(result.problems.join('\n')).toMatch(rel === MANIFEST_FILE ? /manifest/ : new RegExp(rel.replace('.', '\\.')));
      }
      writeFileSync(file, original);
      expect(verifyManifest(dir).ok).toBe(true);
    }
  });

  test('fails on a missing or an added file, and without a manifest', () => {
    const dir = bundle();
    writeFileSync(path.join(dir, 'extra.txt'), 'x');
    expect(verifyManifest(dir).problems).toEqual(['extra.txt: not listed in the manifest (added after the run)']);
    rmSync(path.join(dir, 'extra.txt'));
    rmSync(path.join(dir, 'verdicts', 'TI-1.json'));
    expect(verifyManifest(dir).problems).toEqual(['verdicts/TI-1.json: missing']);
    rmSync(path.join(dir, MANIFEST_FILE));
    expect(verifyManifest(dir)).toMatchObject({ ok: false, files: 0 });
  });
});
