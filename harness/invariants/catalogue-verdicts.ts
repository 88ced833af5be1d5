import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { Waiver } from '../config/waiver-schema.ts';
import type { Catalogue } from './catalogue.ts';
import { applyWaivers } from './waivers.ts';

/**
 * Every catalogued invariant's verdict: the one its check recorded, else why there is none. After
 * the time budget ran out, a selected invariant that never ran is `inconclusive`: nothing was
 * proven, and nothing may pass for `held`. `unfinished` says why the others are `error` (an
 * interruption and its cause). The contract's waivers apply here, to every run path.
 */
export function catalogueVerdicts(
  catalogue: Catalogue,
  recorded: ReadonlyMap<string, InvariantVerdict>,
  selected: ReadonlySet<string>,
  budgetExhausted: boolean,
  waivers: readonly Waiver[] = [],
  unfinished = 'the run ended before this invariant recorded a verdict (see the lines above)',
): InvariantVerdict[] {
  const missing = (id: string): InvariantVerdict => {
    const none = { id, cases: 0, durationMs: 0 };
    if (!selected.has(id)) return { ...none, verdict: 'skipped', reason: 'not selected for this run (--only, --skip or --shard)' };
    if (budgetExhausted) return { ...none, verdict: 'inconclusive', reason: 'the time budget ran out before this invariant ran' };
    return { ...none, verdict: 'error', reason: unfinished };
  };
  const order = (id: string) => id.replace(/\d+$/, (n) => n.padStart(3, '0'));
  return catalogue.invariants.map((d) => applyWaivers(recorded.get(d.id) ?? missing(d.id), waivers)).sort((a, b) => order(a.id).localeCompare(order(b.id)));
}
