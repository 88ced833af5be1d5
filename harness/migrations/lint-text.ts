/**
 * The linter's report as compiler-style text (`file:line:col: rule message`), which editors and
 * terminals turn into links, with the fix on the next line.
 */
import path from 'node:path';
import type { LintReport } from './lint-migrations.ts';

/** Renders a report for a terminal; paths are relative to `cwd`. */
export function lintText(report: LintReport, cwd = process.cwd()): string {
  const lines = report.findings.map((f) => `${path.relative(cwd, f.file)}:${f.line}:${f.column}: ${f.rule} ${f.message}\n    fix: ${f.fix}`);
  const unsettled = report.findings.filter((f) => f.unparsed).length;
  const settle = unsettled ? ` (${unsettled} of them only a live database can settle: tenantproof certify judges them from its catalogue)` : '';
  const summary = `${report.findings.length} finding(s)${settle} in ${report.files.length} file(s), ${report.statements} statement(s); checked ${report.checked.join(', ')}`;
  return [...lines, summary].join('\n');
}
