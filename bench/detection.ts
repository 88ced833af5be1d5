/**
 * Detection figures of one certify run: which invariants were violated, how long after the run
 * started the first violation was seen, how long after the first probe (the environment's start
 * left out), and how many probes had been sent by then (counted from the streamed evidence, whose
 * lines carry the time they were written).
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Summary } from '../reports/summary.ts';

export interface Detection {
  violated: string[];
  firstDetectionSeconds?: number;
  /** From the first probe of the run to the first violation. */
  probingUntilDetectionSeconds?: number;
  requestsUntilDetection?: number;
}

export async function detectionOf(summary: Summary, runDir: string): Promise<Detection> {
  const violated = summary.invariants.filter((v) => v.verdict === 'violated');
  const first = violated
    .map((v) => v.firstViolationAt)
    .filter((t): t is string => Boolean(t))
    .sort()[0];
  if (!first) return { violated: violated.map((v) => v.id).sort() };
  const probes = await probesBefore(path.join(runDir, 'evidence.ndjson'), first);
  return {
    violated: violated.map((v) => v.id).sort(),
    firstDetectionSeconds: (Date.parse(first) - Date.parse(summary.startedAt)) / 1000,
    // A catalog or role audit can decide before the first probe is written: no probing, not a negative time.
    probingUntilDetectionSeconds: probes?.firstAt ? Math.max(0, Date.parse(first) - Date.parse(probes.firstAt)) / 1000 : undefined,
    requestsUntilDetection: probes?.count,
  };
}

async function probesBefore(file: string, time: string): Promise<{ count: number; firstAt?: string } | undefined> {
  if (!existsSync(file)) return undefined;
  let count = 0;
  let firstAt: string | undefined;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    const at = /"time":"([^"]+)"/.exec(line)?.[1];
    if (!at) continue;
    if (!firstAt || at < firstAt) firstAt = at;
    if (at <= time) count += 1;
  }
  return { count, firstAt };
}
