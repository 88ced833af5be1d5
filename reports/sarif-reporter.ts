/**
 * `results.sarif`: the run's violations as SARIF 2.1.0, so GitHub code scanning (or any SARIF
 * viewer) lists them as security alerts with their severity, CWE and replay command. A runtime
 * finding has no line of source: it is placed on the contract that describes the service, the file
 * a reviewer opens to see what was promised. Fingerprints are per invariant and target, so a finding
 * that stays open across nights stays one alert. A waived violation stays a result with an
 * external suppression carrying the waiver's reason, so code scanning shows it as dismissed, not fixed.
 */
import path from 'node:path';
import { renderFinding } from './console-summary.ts';
import type { Reporter } from './reporter.ts';
import type { Summary } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

export const SARIF_FILE = 'results.sarif';

/** GitHub's security-severity scale (0-10) for the catalogue's severities. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** Builds the SARIF log; the contract's URI is relative to `cwd` (the repository root in CI) when it lies below it. */
export function renderSarif(summary: Summary, cwd = process.cwd()): Record<string, unknown> {
  const relative = path.relative(cwd, summary.config);
  const contract = relative.startsWith('..') || path.isAbsolute(relative) ? summary.config : relative.split(path.sep).join('/');
  const ruleIndex = new Map(summary.invariants.map((v, i) => [v.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tenantproof',
            version: summary.harness.version,
            informationUri: 'https://github.com/tenantproof/tenantproof',
            rules: summary.invariants.map((v) => ({
              id: v.id,
              name: v.id.replace(/[^A-Za-z0-9]+/g, '_'),
              shortDescription: { text: v.title },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', v.cwe, v.owasp], 'security-severity': SECURITY_SEVERITY[v.severity] ?? '5.0', precision: 'high' },
            })),
          },
        },
        automationDetails: { id: `tenantproof/${summary.target.name}/${summary.runId}` },
        results: summary.invariants
          .filter((v) => v.verdict === 'violated' || v.verdict === 'waived')
          .map((v) => ({
            ruleId: v.id,
            ruleIndex: ruleIndex.get(v.id),
            level: 'error',
            message: { text: renderFinding(v).join('\n') },
            locations: [{ physicalLocation: { artifactLocation: { uri: contract }, region: { startLine: 1 } } }],
            partialFingerprints: { 'tenantproofFinding/v1': `${summary.target.name}:${v.id}` },
            ...(v.waiver
              ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${v.waiver.reason} (waived until ${v.waiver.until})` }] }
              : {}),
          })),
      },
    ],
  };
}

export function sarifReporter(runDir: string): Reporter {
  return {
    name: SARIF_FILE,
    onRunEnd(summary) {
      writeReportFile(path.join(runDir, SARIF_FILE), JSON.stringify(renderSarif(summary), null, 2));
    },
  };
}
