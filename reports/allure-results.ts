/**
 * Finishes the Allure results allure-vitest wrote for the suites' run: each result gets the
 * invariant's catalogue labels (severity, OWASP API Top 10 category as epic, family as feature, CWE
 * and verdict as tags) so Allure groups findings the way the reports do,
 * and every file is redacted (by writeReportFile), since allure-vitest writes assertion messages verbatim.
 * A waived invariant's test failed under vitest (the waiver applies after the run): its result
 * becomes skipped with the waiver's reason, as in junit.xml.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SummaryInvariant } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

/** tenantproof severity -> Allure's severity vocabulary. */
const SEVERITY: Record<string, string> = { critical: 'blocker', high: 'critical', medium: 'normal', low: 'minor' };

interface AllureResult {
  name?: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  labels?: Array<{ name: string; value: string }>;
}

/** Labels and redacts every file under `dir` (the run's allure-results); a missing folder is fine. */
export function finishAllureResults(dir: string, invariants: SummaryInvariant[]): void {
  if (!existsSync(dir)) return;
  const byId = new Map(invariants.map((v) => [v.id, v]));
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let text = readFileSync(file, 'utf8');
    if (name.endsWith('-result.json')) {
      const result = JSON.parse(text) as AllureResult;
      const v = byId.get(/^([A-Z]+-\d+) /.exec(result.name ?? '')?.[1] ?? '');
      if (v) {
        result.labels = [
          ...(result.labels ?? []).filter((l) => l.name !== 'severity'),
          { name: 'severity', value: SEVERITY[v.severity] ?? 'normal' },
          { name: 'epic', value: v.owasp },
          { name: 'feature', value: v.id.replace(/-\d+$/, '') },
          { name: 'story', value: `${v.id} ${v.title}` },
          { name: 'tag', value: v.cwe },
          { name: 'tag', value: `verdict:${v.verdict}` },
        ];
        if (v.waiver) {
          result.status = 'skipped';
          result.statusDetails = { ...result.statusDetails, message: `waived until ${v.waiver.until}: ${v.waiver.reason}\n${v.reason ?? ''}` };
        }
        text = JSON.stringify(result);
      }
    }
    writeReportFile(file, text);
  }
}
