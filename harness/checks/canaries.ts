/**
 * Canaries: unique marker strings stored in every provisioned field. The owning tenant and user
 * are encoded in the canary itself, so a leak found in any response maps back to its victim
 * without a lookup table (and across worker processes).
 */
import { randomBytes } from 'node:crypto';

/** What every canary starts with, whoever owns it: a search for it matches rows of every tenant. */
export const CANARY_PREFIX = 'tpc-';
const PATTERN = /tpc-t(\d+)-u(\d+)-([0-9a-f]{8})/g;

export interface CanaryOwner {
  canary: string;
  tenantIndex: number;
  userIndex: number;
}

/** A fresh canary for data owned by user `userIndex` of tenant `tenantIndex` (world indices). */
export function makeCanary(tenantIndex: number, userIndex: number): string {
  return `tpc-t${tenantIndex}-u${userIndex}-${randomBytes(4).toString('hex')}`;
}

/** Every canary in `text` with its decoded owner. */
export function findCanaries(text: string): CanaryOwner[] {
  return [...text.matchAll(PATTERN)].map((m) => ({ canary: m[0], tenantIndex: Number(m[1]), userIndex: Number(m[2]) }));
}

/** Canaries in a response (status line, headers and body) that the actor must not see. */
export function foreignCanaries(
  response: { status: number; headers: Record<string, string>; text: string },
  visible: (owner: CanaryOwner) => boolean,
): CanaryOwner[] {
  const whole = `${response.status}\n${Object.entries(response.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n${response.text}`;
  const seen = new Set<string>();
  return findCanaries(whole).filter((c) => !visible(c) && !seen.has(c.canary) && seen.add(c.canary));
}
