import { describe, expect, test } from 'vitest';
import { FloodStats, percentile, summariseLatency } from './flood-stats.ts';

describe('percentile', () => {
  test('nearest rank over unsorted values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([], 99)).toBe(0);
  });

  test('summary rounds to 0.1 ms and counts samples', () => {
    expect(summariseLatency([1.04, 2.06])).toEqual({ samples: 2, p50: 1, p95: 2.1, p99: 2.1, max: 2.1 });
  });
});

describe('FloodStats', () => {
  test('the timeline has no holes', async () => {
    const stats = new FloodStats();
    stats.sent();
    await new Promise((r) => setTimeout(r, 250));
    stats.sent();
    const { timeline } = stats.report();
    expect(timeline.every((b, i) => b !== undefined && b.t === i * 100)).toBe(true);
    expect(timeline.reduce((n, b) => n + b.sent, 0)).toBe(2);
  });

  test('totals, dropped messages and close codes add up', () => {
    const stats = new FloodStats();
    stats.opened();
    stats.opened();
    stats.refused();
    stats.sent(5);
    stats.acked(1);
    stats.acked(3);
    stats.closed(4029);
    stats.closed(4029);
    stats.closed(undefined);
    const report = stats.report();
    expect(report.connections).toEqual({ opened: 2, refused: 1 });
    expect(report.messages).toEqual({ sent: 5, acked: 2, dropped: 3 });
    expect(report.closeCodes).toEqual({ '4029': 2, none: 1 });
    expect(report.latencyMs.samples).toBe(2);
    expect(report.timeline.reduce((n, b) => n + b.sent, 0)).toBe(5);
  });
});
