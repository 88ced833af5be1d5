/**
 * One verdict from several parts of one invariant (a static audit and a generated property, say),
 * so an invariant that needs both kinds of evidence still records exactly one verdict.
 */
import { VERDICT_RANK, type InvariantVerdict } from '../../reports/verdict.ts';

/** A named part's verdict, as `checkAudit` or `checkProperty` returned it. */
export interface VerdictPart {
  name: string;
  verdict: InvariantVerdict;
}

/**
 * The most telling part decides (violated > error > inconclusive > held); the reason names every
 * part that did not hold, the counterexample is the first violated part's, details are merged
 * with each part's verdict under `parts`.
 */
export function combineVerdicts(id: string, parts: readonly VerdictPart[]): InvariantVerdict {
  if (parts.length === 0) throw new Error(`combineVerdicts(${id}): no part to combine`);
  const decisive = [...parts].sort((a, b) => VERDICT_RANK[a.verdict.verdict] - VERDICT_RANK[b.verdict.verdict])[0]!.verdict;
  const unheld = parts.filter((p) => p.verdict.verdict !== 'held' && p.verdict.reason !== undefined);
  const firstViolationAt = parts
    .map((p) => p.verdict.firstViolationAt)
    .filter((t) => t !== undefined)
    .sort()[0];
  return {
    id,
    verdict: decisive.verdict,
    cases: parts.reduce((n, p) => n + p.verdict.cases, 0),
    durationMs: parts.reduce((n, p) => n + p.verdict.durationMs, 0),
    ...(unheld.length ? { reason: unheld.map((p) => `${p.name}: ${p.verdict.reason}`).join('; ') } : {}),
    ...(firstViolationAt ? { firstViolationAt } : {}),
    ...(decisive.counterexample ? { counterexample: decisive.counterexample } : {}),
    details: Object.assign({}, ...parts.map((p) => p.verdict.details), { parts: Object.fromEntries(parts.map((p) => [p.name, p.verdict.verdict])) }),
  };
}
