/**
 * The linter's report as SARIF 2.1.0, the format GitHub code scanning reads to show each finding
 * inline on the pull request at its file and line, with the rule's help.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LINT_RULES } from './lint-rules.ts';
import type { LintReport } from './lint-migrations.ts';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Builds the SARIF log; artifact URIs are relative to `cwd` (the repository root in CI). */
export function lintSarif(report: LintReport, cwd = process.cwd()): Record<string, unknown> {
  const ruleIndex = new Map(LINT_RULES.map((r, i) => [r.id, i]));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tenantproof',
            informationUri: 'https://github.com/tenantproof/tenantproof',
            rules: LINT_RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/[^A-Za-z0-9]+/g, '_'),
              shortDescription: { text: r.title },
              help: { text: r.fix },
              properties: { invariant: r.invariant },
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(`${path.resolve(cwd)}/`).href } },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          // What a DO block may answer is a question for the migrated database, not a defect yet.
          level: f.unparsed ? 'warning' : 'error',
          message: { text: `${f.message}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.relative(cwd, f.file).split(path.sep).join('/'), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}
