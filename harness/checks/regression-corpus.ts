/**
 * The regression corpus: every counterexample a run finds is kept as `<corpus>/<invariant>/<fingerprint>.json`
 * (a folder the user may commit), and every later run tries those first, so a bug once found is
 * rechecked in seconds, whatever the seed. An entry keeps the run seed and fast-check path of the
 * case rather than only its value, as Hypothesis keeps choices: replayed through this run's
 * generator, it yields a value valid in this run's world (a value kept from a world of another
 * shape could pair two users of one tenant and report a false cross-tenant finding).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fingerprintOf } from '../../reports/finding-fingerprint.ts';
import { redact } from '../../reports/redact.ts';
import type { Summary } from '../../reports/summary.ts';

const FORMAT = 'tenantproof-corpus-entry';

export interface CorpusEntry {
  format: typeof FORMAT;
  version: 1;
  invariant: string;
  fingerprint: string;
  /** What the finding was, and the shrunk value, for a reader of the file. */
  message: string;
  value: unknown;
  /** The run seed and fast-check path that generate the case again (one run from the path); numRuns is the run's, kept for the reader. */
  seed: number;
  path: string;
  numRuns: number;
  foundIn: string;
}

/**
 * The entries of `invariant` this harness can replay, by file name (a stable order). A stateful
 * sequence's path (`<property>~<commands>`) needs its commands arbitrary built for it, so those
 * entries stay a record and the random cases look for the bug again.
 */
export function corpusEntries(dir: string, invariant: string): (CorpusEntry & { file: string })[] {
  const folder = path.join(dir, invariant);
  if (!existsSync(folder)) return [];
  const found: (CorpusEntry & { file: string })[] = [];
  for (const name of readdirSync(folder)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = path.join(folder, name);
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry;
      if (entry.format === FORMAT && entry.invariant === invariant && Number.isInteger(entry.seed) && /^\d+(:\d+)*$/.test(entry.path))
        found.push({ ...entry, file });
    } catch {
      // a half-written or hand-edited file is not a case
    }
  }
  return found;
}

/** Adds a run's counterexamples to the corpus (one file per finding, kept when it exists); returns the files written. */
export function addToCorpus(dir: string, summary: Summary): string[] {
  const written: string[] = [];
  for (const v of summary.invariants) {
    const ce = v.verdict === 'violated' ? v.counterexample : undefined;
    if (!ce?.path) continue;
    const fingerprint = fingerprintOf(v.id, ce.violation.message, ce.violation.victim?.resource, ce.violation.labels);
    const file = path.join(dir, v.id, `${fingerprint}.json`);
    if (existsSync(file)) continue;
    const entry: CorpusEntry = {
      format: FORMAT,
      version: 1,
      invariant: v.id,
      fingerprint,
      message: ce.violation.message,
      value: ce.value,
      seed: ce.seed,
      path: ce.path,
      numRuns: ce.numRuns,
      foundIn: summary.runId,
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${redact(JSON.stringify(entry, null, 2))}\n`);
    written.push(file);
  }
  return written;
}
