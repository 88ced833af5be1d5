/**
 * Reads what was appended to `evidence.ndjson` since the last read, in bounded chunks, so the
 * explorer counts coverage from the same stream coverage.json is built from, without re-reading it.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { EvidenceLine } from '../../reports/evidence-lines.ts';

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

export class EvidenceTail {
  readonly #file: string;
  readonly #onLine: (line: EvidenceLine) => void;
  #offset = 0;
  /** Bytes after the last newline read: a line still being appended. */
  #rest: Buffer = Buffer.alloc(0);

  constructor(file: string, onLine: (line: EvidenceLine) => void) {
    this.#file = file;
    this.#onLine = onLine;
  }

  /** Hands every complete line appended since the last call to `onLine`. */
  read(): void {
    if (!existsSync(this.#file)) return;
    const size = statSync(this.#file).size;
    if (size <= this.#offset) return;
    const fd = openSync(this.#file, 'r');
    try {
      while (this.#offset < size) {
        const chunk = Buffer.alloc(Math.min(CHUNK, size - this.#offset));
        const n = readSync(fd, chunk, 0, chunk.length, this.#offset);
        if (n === 0) break;
        this.#offset += n;
        const bytes = Buffer.concat([this.#rest, chunk.subarray(0, n)]);
        const end = bytes.lastIndexOf(NEWLINE);
        this.#rest = end < 0 ? bytes : bytes.subarray(end + 1);
        if (end >= 0) this.#lines(bytes.subarray(0, end).toString('utf8'));
      }
    } finally {
      closeSync(fd);
    }
  }

  #lines(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        this.#onLine(JSON.parse(line) as EvidenceLine);
      } catch {
        // as evidenceLines: a torn line is not a probe
      }
    }
  }
}
