/**
 * The one way evidence enters a run folder, redacted on the way in: every probe as a line of
 * `evidence.ndjson` (buffered briefly and appended, so memory stays flat however many probes a run
 * sends, and several workers can share the file) and every verdict as `verdicts/<id>.json`, which
 * the summary and every renderer are built from.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redact } from './redact.ts';
import type { InvariantVerdict } from './verdict.ts';
import { namingFile } from './write-report-file.ts';

/** Where an invariant's verdict file is kept in a run folder. */
export const VERDICTS_DIR = 'verdicts';

export interface EvidenceRecord {
  invariant: string;
  kind: 'http' | 'ws' | 'sql';
  actor?: string;
  label?: string;
  /** `resource.operation` of the probe, when an operation builder made its request (reports/coverage.ts counts them). */
  operation?: string;
  request: unknown;
  response?: unknown;
  outcome?: string;
}

export class EvidenceStore {
  readonly #runDir: string;
  readonly #file: string;
  #buffer: string[] = [];

  constructor(runDir: string) {
    mkdirSync(runDir, { recursive: true });
    this.#runDir = runDir;
    this.#file = path.join(runDir, 'evidence.ndjson');
  }

  /** One probe: what was sent and what came back. */
  write(record: EvidenceRecord): void {
    this.#buffer.push(redact(JSON.stringify({ time: new Date().toISOString(), ...record })));
    if (this.#buffer.length >= 128) this.flush();
  }

  /** An invariant's verdict; the probes before it are flushed first, so the bundle never holds a verdict without its evidence. */
  verdict(verdict: InvariantVerdict): void {
    this.flush();
    const dir = path.join(this.#runDir, VERDICTS_DIR);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${verdict.id}.json`);
    namingFile(file, () => writeFileSync(file, redact(JSON.stringify(verdict, null, 2))));
  }

  flush(): void {
    if (this.#buffer.length === 0) return;
    const lines = this.#buffer;
    // Dropped before the append: after a failed one (a full disk) the run ends, and closing the context must not fail again on the same lines.
    this.#buffer = [];
    namingFile(this.#file, () => appendFileSync(this.#file, `${lines.join('\n')}\n`));
  }
}
