/**
 * Traces of other tenants in rows of unknown shape (what a view or a function returned): the
 * canaries they carry, and values that, in the ground truth, only other tenants' rows hold (their
 * tenant ids, their keys, any other distinctive value). Shape-agnostic, so an object that renames
 * or hides the tenant column is judged as well as one that exposes it.
 */
import { findCanaries } from '../checks/canaries.ts';

/** Distinctive value -> the tenants whose rows hold it. */
export type ValueOwners = Map<string, Set<string>>;

export interface ForeignTrace {
  tenant: string;
  what: string;
  /** Set when the trace is a canary (it also names the victim user). */
  canary?: string;
}

const NUMBER_OR_TIME = /^[\d\s.:+-]*$|^\d{4}-\d{2}-\d{2}[T ][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/;

/**
 * Whether a value is rare enough that finding it is evidence: a string of 8 or more characters
 * that is not a number, date or timestamp (those repeat across tenants by chance).
 */
export function distinctive(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 8 && !NUMBER_OR_TIME.test(value);
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/** Indexes the distinctive values of ground-truth rows (JSON) by the tenants holding them. */
export function valueOwners(rows: Iterable<{ tenant: string; json: unknown }>): ValueOwners {
  const owners: ValueOwners = new Map();
  for (const row of rows) {
    for (const s of strings(row.json).filter(distinctive)) {
      if (!owners.has(s)) owners.set(s, new Set());
      owners.get(s)!.add(row.tenant);
    }
  }
  return owners;
}

/**
 * Traces of tenants other than the actor in `rows`: canaries of another tenant index, and
 * distinctive values held only by other tenants. `tenantOfIndex` maps a canary's tenant index to
 * its id.
 */
export function foreignTraces(
  rows: readonly unknown[],
  actor: { tenantId: string; tenantIndex: number },
  owners: ValueOwners,
  tenantOfIndex: (index: number) => string,
): ForeignTrace[] {
  const traces = new Map<string, ForeignTrace>();
  for (const s of strings(rows)) {
    for (const c of findCanaries(s))
      if (c.tenantIndex !== actor.tenantIndex) traces.set(c.canary, { tenant: tenantOfIndex(c.tenantIndex), what: `canary ${c.canary}`, canary: c.canary });
    const holders = owners.get(s);
    if (holders && !holders.has(actor.tenantId) && !findCanaries(s).length)
      traces.set(s, { tenant: [...holders][0]!, what: `${JSON.stringify(s)} (held only by ${[...holders].join(', ')})` });
  }
  // Canaries first: they name the victim user, not only the tenant.
  return [...traces.values()].sort((a, b) => Number(!a.canary) - Number(!b.canary));
}
