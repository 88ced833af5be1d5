/**
 * A finding's identity across runs. Two runs of one service, on other seeds, shrink to other
 * tenants, ids and counts; what stays is the invariant, the resource, the labels (a forgery id, a
 * table) and the head of the message (what happened, before the details). Those, with ids and
 * numbers masked, are the fingerprint.
 */
import { createHash } from 'node:crypto';
import type { Finding, Summary, SummaryInvariant } from './summary.ts';

/** Uuids, long hex, and numbers: what varies between two runs finding the same thing. */
const VARYING = [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, /\b[0-9a-f]{16,}\b/gi, /\d+(\.\d+)?/g];

/** The message with what varies masked, up to its first `: ` (the details after it vary with the case). */
export function messageShape(message: string): string {
  const head = message.split(': ')[0]!;
  return VARYING.reduce((s, re) => s.replace(re, '#'), head).trim();
}

export function fingerprintOf(invariant: string, message: string, resource = '', labels: Record<string, string> = {}): string {
  const key = [
    invariant,
    resource,
    ...Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`),
    messageShape(message),
  ];
  return createHash('sha256').update(key.join('\n')).digest('hex').slice(0, 12);
}

/** The findings of one verdict: its counterexample (or reason) and every further violation it reported. */
function findingsOfVerdict(v: SummaryInvariant): Finding[] {
  const violation = v.counterexample?.violation;
  const first = violation?.message ?? v.reason ?? '';
  const found = [{ invariant: v.id, message: first, fingerprint: fingerprintOf(v.id, first, violation?.victim?.resource, violation?.labels) }];
  for (const message of v.alsoViolated ?? []) found.push({ invariant: v.id, message, fingerprint: fingerprintOf(v.id, message) });
  return found;
}

/** Every violated finding of a run, each fingerprint once. */
export function findingsOf(summary: Summary): Finding[] {
  const seen = new Map<string, Finding>();
  for (const v of summary.invariants.filter((i) => i.verdict === 'violated'))
    for (const f of findingsOfVerdict(v)) if (!seen.has(f.fingerprint)) seen.set(f.fingerprint, f);
  return [...seen.values()];
}
