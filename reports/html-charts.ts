/**
 * Inline SVG charts for report.html (no script, no network): a line chart for a flood timeline and
 * a bar chart for latency figures. Whatever numeric series a verdict's `details.flood` carries is
 * drawn, so a new flood check needs no change here.
 */
import { escapeHtml } from './html-escape.ts';

const WIDTH = 560;
const HEIGHT = 180;
const PAD = 36;
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
const X_KEYS = ['t', 'atMs', 'elapsedMs', 'ms', 'second', 'time'];

/**
 * A line per numeric field of `points` (x from a time-like field, else the index), or only those
 * `only` accepts; empty when nothing numeric is left.
 */
export function timelineChart(title: string, points: unknown[], only: (series: string) => boolean = () => true): string {
  const rows = points.filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
  if (rows.length === 0) return '';
  const xKey = X_KEYS.find((k) => rows.every((r) => typeof r[k] === 'number'));
  const series = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== xKey && only(k) && rows.some((r) => typeof r[k] === 'number'));
  if (series.length === 0) return '';
  const xs = rows.map((r, i) => (xKey ? (r[xKey] as number) : i));
  const minX = Math.min(...xs);
  const spanX = Math.max(...xs) - minX || 1;
  const maxY = Math.max(1, ...rows.flatMap((r) => series.map((k) => (typeof r[k] === 'number' ? (r[k] as number) : 0))));
  const sx = (x: number) => PAD + ((x - minX) / spanX) * (WIDTH - 2 * PAD);
  const sy = (y: number) => HEIGHT - PAD + 10 - (y / maxY) * (HEIGHT - PAD - 10);
  const lines = series.map((k, i) => {
    const pts = rows.map((r, j) => (typeof r[k] === 'number' ? `${sx(xs[j]!).toFixed(1)},${sy(r[k] as number).toFixed(1)}` : '')).filter(Boolean);
    return `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${pts.join(' ')}"/>`;
  });
  const legend = series.map((k, i) => `<tspan fill="${COLOURS[i % COLOURS.length]}">■ ${escapeHtml(k)}</tspan>`).join(' ');
  return `<figure class="chart"><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<line x1="${PAD}" y1="${HEIGHT - PAD + 10}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD + 10}" stroke="#999"/><line x1="${PAD}" y1="10" x2="${PAD}" y2="${HEIGHT - PAD + 10}" stroke="#999"/>
<text x="2" y="16" font-size="10">${maxY}</text><text x="${PAD}" y="${HEIGHT - 8}" font-size="10">${escapeHtml(xKey ?? 'sample')} ${minX}…${minX + spanX}</text>
${lines.join('\n')}<text x="${PAD + 4}" y="22" font-size="11">${legend}</text></svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

/** One horizontal bar per numeric member of `figures` (e.g. latency p50/p95/p99/max). */
export function barChart(title: string, figures: Record<string, unknown>): string {
  const entries = Object.entries(figures).filter((e): e is [string, number] => typeof e[1] === 'number');
  if (entries.length === 0) return '';
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const rowHeight = 18;
  const height = entries.length * rowHeight + 8;
  const bars = entries.map(([k, v], i) => {
    const w = (v / max) * (WIDTH - 160);
    const y = 4 + i * rowHeight;
    return `<text x="0" y="${y + 12}" font-size="11">${escapeHtml(k)}</text><rect x="80" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="#2563eb"/><text x="${(84 + w).toFixed(1)}" y="${y + 12}" font-size="11">${v}</text>`;
  });
  return `<figure class="chart"><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${bars.join('')}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}
