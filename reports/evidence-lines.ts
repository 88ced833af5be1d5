/**
 * Reads `evidence.ndjson` one line at a time, so reporters and `merge` see every probe while
 * memory stays flat however large the file grows.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EvidenceRecord } from './evidence-store.ts';

/** One probe as the evidence writer stored it (already redacted), response fields typed where reporters read them. */
export type EvidenceLine = Omit<EvidenceRecord, 'response'> & {
  time: string;
  response?: { status?: number; headers?: Record<string, string>; bodyExcerpt?: string; bodySha256?: string } & Record<string, unknown>;
};

/** Yields every parseable line of an evidence file in order; a torn last line (a crashed worker) is skipped. */
export async function* evidenceLines(file: string): AsyncGenerator<EvidenceLine> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as EvidenceLine;
    } catch {
      // A worker killed mid-append leaves half a line; the rest of the file is still evidence.
    }
  }
}
