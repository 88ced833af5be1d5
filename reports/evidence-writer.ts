/**
 * Streams one JSON line per probe to `evidence.ndjson`. Lines are buffered briefly and appended,
 * so memory stays flat however many probes a run sends, and several workers can share the file.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { redact } from './redact.ts';

export interface EvidenceRecord {
  invariant: string;
  kind: 'http' | 'ws' | 'sql';
  actor?: string;
  label?: string;
  request: unknown;
  response?: unknown;
  outcome?: string;
}

export class EvidenceWriter {
  readonly #file: string;
  #buffer: string[] = [];

  constructor(runDir: string) {
    mkdirSync(runDir, { recursive: true });
    this.#file = path.join(runDir, 'evidence.ndjson');
  }

  write(record: EvidenceRecord): void {
    this.#buffer.push(redact(JSON.stringify({ time: new Date().toISOString(), ...record })));
    if (this.#buffer.length >= 128) this.flush();
  }

  flush(): void {
    if (this.#buffer.length === 0) return;
    appendFileSync(this.#file, `${this.#buffer.join('\n')}\n`);
    this.#buffer = [];
  }
}
