/**
 * Applying the contract's `waivers`: checked against the catalogue and today's date before
 * anything starts, then matched against the violations where verdicts are collected. A waiver
 * turns a violation into `waived`, keeping its counterexample; it never touches a verdict that
 * proved nothing (error, inconclusive), since there is no finding there to accept.
 */
import type { Waiver } from '../config/waiver-schema.ts';
import { TenantproofError } from '../errors/index.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';

/** Throws (exit 2) on a waiver naming no catalogued invariant or past its `until` date. */
export function checkWaivers(waivers: readonly Waiver[], known: (id: string) => boolean, today = new Date()): void {
  const day = today.toISOString().slice(0, 10);
  for (const [i, w] of waivers.entries()) {
    const where = `waivers[${i}] (${w.invariant}, until ${w.until})`;
    if (!known(w.invariant))
      throw new TenantproofError('WAIVER_UNKNOWN', `${where}: ${w.invariant} names no invariant of the catalogue (see tenantproof list)`);
    if (w.until < day)
      throw new TenantproofError(
        'WAIVER_EXPIRED',
        `${where} expired on ${w.until}: fix the finding, or review the waiver and set a new waivers[${i}].until (reason was: ${w.reason})`,
      );
  }
}

function matches(w: Waiver, message: string): boolean {
  if (w.match === undefined) return true;
  const re = /^\/(.+)\/([a-z]*)$/.exec(w.match);
  return re ? new RegExp(re[1]!, re[2]).test(message) : message.includes(w.match);
}

/**
 * The first waiver covering a violated verdict: every violation it records (its counterexample's
 * message, else its reason, and any `alsoViolated`) must match, so a waiver for one finding never
 * hides another of the same invariant.
 */
export function waiverFor(verdict: InvariantVerdict, waivers: readonly Waiver[]): Waiver | undefined {
  if (verdict.verdict !== 'violated') return undefined;
  const messages = [verdict.counterexample?.violation.message ?? verdict.reason ?? '', ...(verdict.alsoViolated ?? [])];
  return waivers.find((w) => w.invariant === verdict.id && messages.every((m) => matches(w, m)));
}

/** The verdict with its waiver applied, or unchanged when none covers it. */
export function applyWaivers(verdict: InvariantVerdict, waivers: readonly Waiver[]): InvariantVerdict {
  const w = waiverFor(verdict, waivers);
  if (!w) return verdict;
  return {
    ...verdict,
    verdict: 'waived',
    reason: `waived until ${w.until}: ${w.reason} (finding: ${verdict.reason ?? verdict.counterexample?.violation.message ?? 'violated'})`,
    waiver: { reason: w.reason, until: w.until, ...(w.match ? { match: w.match } : {}) },
  };
}
