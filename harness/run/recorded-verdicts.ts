import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VERDICTS_DIR } from '../../reports/evidence-store.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';

/** The verdict files the checks recorded in the run folder, by invariant id. */
export function recordedVerdicts(runDir: string): Map<string, InvariantVerdict> {
  const dir = path.join(runDir, VERDICTS_DIR);
  const recorded = new Map<string, InvariantVerdict>();
  if (!existsSync(dir)) return recorded;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const verdict = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as InvariantVerdict;
    recorded.set(verdict.id, verdict);
  }
  return recorded;
}
