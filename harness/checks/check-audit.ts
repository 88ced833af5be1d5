/**
 * Turns a deterministic audit (a catalog or a log read once, no generated input) into a verdict:
 * `violated` when it returns findings, `inconclusive` when its positive control shows the audit
 * could not have seen a weakness, `error` when it could not run.
 */
import { replayCommand, type CheckContext } from './check-property.ts';
import type { InvariantVerdict, Violation } from '../../reports/verdict.ts';

export interface AuditSpec<F> {
  invariant: string;
  /** Why the audit could not see anything (nothing to audit, no log), or undefined when it can. */
  control: () => Promise<string | undefined>;
  audit: () => Promise<F[]>;
  /** One line per finding, for the violation message. */
  describe: (finding: F) => string;
  details?: () => Record<string, unknown>;
}

export async function checkAudit<F>(ctx: CheckContext, spec: AuditSpec<F>): Promise<InvariantVerdict> {
  const started = Date.now();
  const base = () => ({ id: spec.invariant, cases: 1, durationMs: Date.now() - started, details: spec.details?.() });
  try {
    const blind = await spec.control();
    if (blind !== undefined) return { ...base(), verdict: 'inconclusive', reason: `positive control failed: ${blind}` };
    const findings = await spec.audit();
    if (findings.length === 0) return { ...base(), verdict: 'held' };
    const violation: Violation = {
      invariant: spec.invariant,
      message: `${findings.length} finding(s): ${findings.map(spec.describe).join('; ')}`,
      steps: findings.map((f) => ({ request: { method: 'AUDIT', path: spec.invariant }, note: spec.describe(f) })),
    };
    return {
      ...base(),
      verdict: 'violated',
      reason: violation.message,
      firstViolationAt: new Date().toISOString(),
      counterexample: { seed: ctx.handle.seed, path: '', numRuns: 1, value: findings, violation, replay: replayCommand(ctx, spec.invariant, '') },
    };
  } catch (error) {
    return { ...base(), verdict: 'error', reason: `the audit could not run: ${(error as Error).message}` };
  }
}
