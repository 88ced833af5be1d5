/**
 * Detection figures of one certify run: which invariants were violated, how long after the run
 * started the first violation was seen, and how many probes had been sent by then (counted from
 * the streamed evidence, whose lines carry the time they were written).
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Summary } from '../reports/summary.ts';

export interface Detection {
  violated: string[];
  firstDetectionSeconds?: number;
  requestsUntilDetection?: number;
}

export async function detectionOf(summary: Summary, runDir: string): Promise<Detection> {
  const violated = summary.invariants.filter((v) => v.verdict === 'violated');
  const first = violated
    .map((v) => v.firstViolationAt)
    .filter((t): t is string => Boolean(t))
    .sort()[0];
  if (!first) return { violated: violated.map((v) => v.id).sort() };
  return {
    violated: violated.map((v) => v.id).sort(),
    firstDetectionSeconds: (Date.parse(first) - Date.parse(summary.startedAt)) / 1000,
    requestsUntilDetection: await probesBefore(path.join(runDir, 'evidence.ndjson'), first),
  };
}

async function probesBefore(file: string, time: string): Promise<number | undefined> {
  if (!existsSync(file)) return undefined;
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    const at = /"time":"([^"]+)"/.exec(line)?.[1];
    if (at && at <= time) count += 1;
  }
  return count;
}
