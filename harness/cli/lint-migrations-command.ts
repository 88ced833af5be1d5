/**
 * `tenantproof lint-migrations [paths...]`: lints migration files (MIG-1, MIG-2, MIG-4) and starts
 * nothing, so it fits a pre-commit hook or a CI step that uploads SARIF to code scanning.
 * Exit 0 no finding, 1 findings, 2 usage error. A finding a DO block may answer is printed but
 * does not fail the hook: only the migrated database can say (certify's MIG-2 does).
 */
import { writeFileSync } from 'node:fs';
import { parseCommandLine } from './parse-args.ts';
import { loadConfig } from '../config/load-config.ts';
import { TenantproofError } from '../errors/index.ts';
import { contractLint } from '../migrations/contract-lint.ts';
import { lintMigrations, type LintOptions } from '../migrations/lint-migrations.ts';
import { lintSarif } from '../migrations/lint-sarif.ts';
import { lintText } from '../migrations/lint-text.ts';

export const LINT_USAGE = `usage: tenantproof lint-migrations [paths...] [options]

Lints SQL migration files (files, or directories of *.sql applied in name order) with the real
Postgres parser. Without paths, lints the contract's migrationsLint.paths.

options:
  --config <path>         contract file: tenant column, personal tables, rollback convention, paths
  --format <f>            text (default) | json | sarif
  --output <file>         write the report there instead of stdout
  --tenant-column <name>  tenant column (default tenant_id, or the contract's)
  --rollback <template>   rollback naming, e.g. {name}.down.sql (enables MIG-4)
  --forward <template>    forward naming with --rollback (default {name}.sql)

Deliberate exceptions: a comment -- tenantproof-allow MIG-1: <reason> on the line before the
statement (or at the end of its last line); an allow comment without a reason is itself a finding.

A table secured inside a DO block cannot be followed by the parser: what such a block may have done
is printed, does not fail the command, and is judged by tenantproof certify on the migrated database.

exit codes: 0 no finding (or only ones a DO block may answer), 1 findings, 2 usage error`;

const FORMATS = ['text', 'json', 'sarif'] as const;

/** Runs the command; returns the exit code. */
export async function lintMigrationsCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    argv,
    {
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'tenant-column': { type: 'string' },
      rollback: { type: 'string' },
      forward: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    LINT_USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${LINT_USAGE}\n`);
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new TenantproofError('USAGE', `--format expects one of ${FORMATS.join(', ')}, found ${values.format}`);
  if (values.forward && !values.rollback) throw new TenantproofError('USAGE', '--forward needs --rollback');

  const fromContract = values.config ? contractLint((await loadConfig(values.config)).config, values.config) : undefined;
  const paths = positionals.length > 0 ? positionals : fromContract?.paths;
  if (!paths?.length) throw new TenantproofError('USAGE', `no migration paths: pass them, or a --config whose migrationsLint declares paths\n\n${LINT_USAGE}`);
  const options: LintOptions = { ...fromContract?.options };
  if (values['tenant-column']) options.tenantColumn = values['tenant-column'];
  if (values.rollback) options.rollback = { forward: values.forward, rollback: values.rollback };

  let report;
  try {
    report = await lintMigrations(paths, options);
  } catch (error) {
    if (error instanceof TenantproofError) throw error;
    throw new TenantproofError('USAGE', (error as Error).message);
  }
  const rendered = format === 'text' ? lintText(report) : JSON.stringify(format === 'json' ? report : lintSarif(report), null, 2);
  if (values.output) writeFileSync(values.output, `${rendered}\n`);
  else process.stdout.write(`${rendered}\n`);
  return report.findings.some((f) => !f.unparsed) ? 1 : 0;
}
