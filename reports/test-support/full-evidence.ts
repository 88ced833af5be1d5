import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { EvidenceStore } from '../evidence-store.ts';

/** An evidence store in `dir` whose evidence.ndjson is a link to /dev/full, so every append fails with ENOSPC for real. */
export function fullEvidence(dir: string): { file: string; evidence: EvidenceStore } {
  const file = path.join(dir, 'evidence.ndjson');
  symlinkSync('/dev/full', file);
  return { file, evidence: new EvidenceStore(dir) };
}
