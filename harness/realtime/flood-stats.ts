/**
 * What a bounded flood sent and what came back, for the report: connections opened and refused,
 * messages sent, acknowledged and dropped, close codes, a timeline in 100 ms buckets and latency
 * percentiles. Plain counters, so a flood costs no more to measure than to send.
 */

/** One 100 ms slice of a flood. */
export interface FloodBucket {
  /** Milliseconds since the flood started, at the start of the slice. */
  t: number;
  open: number;
  refused: number;
  sent: number;
  acked: number;
}

/** Latency percentiles in ms over `samples` measurements. */
export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What `details.flood` of a verdict holds. */
export interface FloodReport {
  durationMs: number;
  connections: { opened: number; refused: number };
  messages: { sent: number; acked: number; dropped: number };
  closeCodes: Record<string, number>;
  timeline: FloodBucket[];
  latencyMs: LatencySummary;
}

const BUCKET_MS = 100;

/** The p-th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50/p95/p99/max of latency samples, rounded to 0.1 ms. */
export function summariseLatency(values: readonly number[]): LatencySummary {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    samples: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(percentile(values, 100)),
  };
}

/** Counters of one flood, bucketed in time; {@link FloodStats.report} gives the report shape. */
export class FloodStats {
  readonly #started = Date.now();
  readonly #buckets: FloodBucket[] = [];
  readonly #closeCodes: Record<string, number> = {};
  readonly #latencies: number[] = [];

  opened(): void {
    this.#bucket().open += 1;
  }

  refused(): void {
    this.#bucket().refused += 1;
  }

  sent(n = 1): void {
    this.#bucket().sent += n;
  }

  acked(latencyMs?: number): void {
    this.#bucket().acked += 1;
    if (latencyMs !== undefined) this.#latencies.push(latencyMs);
  }

  closed(code: number | undefined): void {
    const key = String(code ?? 'none');
    this.#closeCodes[key] = (this.#closeCodes[key] ?? 0) + 1;
  }

  get totals(): { opened: number; refused: number; sent: number; acked: number } {
    const sum = (k: keyof Omit<FloodBucket, 't'>) => this.#buckets.reduce((n, b) => n + b[k], 0);
    return { opened: sum('open'), refused: sum('refused'), sent: sum('sent'), acked: sum('acked') };
  }

  report(): FloodReport {
    const { opened, refused, sent, acked } = this.totals;
    return {
      durationMs: Date.now() - this.#started,
      connections: { opened, refused },
      messages: { sent, acked, dropped: sent - acked },
      closeCodes: { ...this.#closeCodes },
      // Quiet slices are kept as zeros, so a chart's time axis is continuous.
      timeline: Array.from(this.#buckets, (b, i) => b ?? { t: i * BUCKET_MS, open: 0, refused: 0, sent: 0, acked: 0 }),
      latencyMs: summariseLatency(this.#latencies),
    };
  }

  #bucket(): FloodBucket {
    const i = Math.floor((Date.now() - this.#started) / BUCKET_MS);
    return (this.#buckets[i] ??= { t: i * BUCKET_MS, open: 0, refused: 0, sent: 0, acked: 0 });
  }
}
