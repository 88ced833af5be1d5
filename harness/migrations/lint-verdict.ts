/**
 * Turns linter or policy-diff findings into an invariant verdict, following the house rule that a
 * check which could not have failed proves nothing: without a passing positive control (the same
 * rules flagging a known-bad input under this contract's conventions) the verdict is inconclusive.
 */
import type { InvariantVerdict } from '../../reports/verdict.ts';

/** One finding: a line for people, the structured finding for tools. */
export interface MigrationFinding {
  text: string;
  data: object;
}

/** What one MIG check saw: its findings, and whether its control fired. */
export interface MigrationCheck {
  id: string;
  /** How many statements, files or policies were examined (the verdict's `cases`). */
  cases: number;
  findings: MigrationFinding[];
  control: { description: string; detected: boolean };
  startedAt: number;
  /** The run's seed and replay command prefix: the check is deterministic, so `--only <id>` replays it. */
  replay: { seed: number; base: string };
  details?: Record<string, unknown>;
}

const SHOWN = 10;

/** held / violated / inconclusive, with the findings (first {@link SHOWN} in the reason, all in details). */
export function migrationVerdict(check: MigrationCheck): InvariantVerdict {
  const texts = check.findings.map((f) => f.text);
  const base = {
    id: check.id,
    cases: check.cases,
    durationMs: Math.round(performance.now() - check.startedAt),
    details: { ...check.details, findings: texts, control: check.control },
  };
  if (!check.control.detected) return { ...base, verdict: 'inconclusive', reason: `positive control failed: ${check.control.description} was not reported` };
  if (check.cases === 0) return { ...base, verdict: 'inconclusive', reason: 'nothing to examine: the declared paths hold no statement' };
  if (check.findings.length === 0) return { ...base, verdict: 'held' };
  const more = texts.length > SHOWN ? `\n  ... and ${texts.length - SHOWN} more` : '';
  return {
    ...base,
    verdict: 'violated',
    // Findings exist as soon as the files are read; the verdict's moment is the detection time.
    firstViolationAt: new Date().toISOString(),
    reason: `${texts.length} finding(s):\n  ${texts.slice(0, SHOWN).join('\n  ')}${more}`,
    counterexample: {
      seed: check.replay.seed,
      // Not a fast-check path: nothing is generated, the same files give the same findings.
      path: '',
      numRuns: check.cases,
      value: check.findings.map((f) => f.data),
      violation: { invariant: check.id, message: texts[0]!, steps: [] },
      replay: `${check.replay.base} --only ${check.id}`,
    },
  };
}
