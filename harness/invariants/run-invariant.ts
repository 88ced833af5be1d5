/**
 * The verdict core every invariant goes through, free of vitest: requirements first, then the
 * check; a thrown error becomes `error` with its cause instead of a failed test without a verdict,
 * except a full disk: that is the machine's, not the invariant's, and ends the run (DISK_FULL).
 */
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import type { InvariantDefinition } from './define-invariant.ts';
import { unmetRequirement } from './requirements.ts';
import { skipped } from './skipped.ts';
import { diskFullError } from '../errors/file-system-error.ts';

export async function runInvariant(definition: InvariantDefinition, ctx: SuiteContext): Promise<InvariantVerdict> {
  const missing = unmetRequirement(ctx.config, definition.requires);
  if (missing) return skipped(definition.id, missing);
  const started = Date.now();
  try {
    const verdict = await definition.run(ctx);
    if (verdict.id !== definition.id) throw new Error(`${definition.id} returned a verdict for ${verdict.id}`);
    return verdict;
  } catch (error) {
    const diskFull = diskFullError(error);
    if (diskFull) throw diskFull;
    const cause = error instanceof Error ? error.message : String(error);
    return { id: definition.id, verdict: 'error', cases: 0, durationMs: Date.now() - started, reason: `the check threw: ${cause}` };
  }
}

/** What a passing run of the product suite accepts; anything else fails its test. */
export const ACCEPTED_VERDICTS: ReadonlySet<InvariantVerdict['verdict']> = new Set(['held', 'skipped']);
