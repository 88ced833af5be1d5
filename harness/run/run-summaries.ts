/**
 * Finding runs' summaries: the one a `diff` operand names (a run folder, its summary.json, or a
 * run id in the runs folder), and the run before this one of the same contract in its folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TenantproofError } from '../errors/index.ts';
import type { Summary } from '../../reports/summary.ts';

function readSummary(file: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

/** The summary `operand` names; a usage error naming what was tried when there is none. */
export function summaryNamed(operand: string, runsDir: string): Summary {
  const candidates = [operand, path.join(operand, 'summary.json'), path.join(runsDir, operand, 'summary.json')];
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  const summary = file ? readSummary(file) : undefined;
  if (!summary?.runId || !Array.isArray(summary.invariants))
    throw new TenantproofError(
      'USAGE',
      `diff: no run summary at ${operand} (tried ${candidates.join(', ')}): give a run folder, its summary.json, or a run id in ${runsDir}`,
    );
  return summary;
}

/** The latest run of `config` in `runsDir` that started before `startedAt`; merged runs are not runs of their own. */
export function previousSummary(runsDir: string, config: string, startedAt: string): Summary | undefined {
  if (!existsSync(runsDir)) return undefined;
  let previous: Summary | undefined;
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const s = readSummary(path.join(runsDir, entry.name, 'summary.json'));
    if (!s?.startedAt || s.config !== config || s.mergedFrom || s.startedAt >= startedAt) continue;
    if (!previous || s.startedAt > previous.startedAt) previous = s;
  }
  return previous;
}
