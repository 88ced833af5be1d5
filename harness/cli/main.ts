/**
 * The `tenantproof` command: parses arguments, calls the programmatic API, prints, and returns the
 * exit code (0 held, 1 violated, 2 could not run). Only bin/tenantproof.js turns it into an exit.
 */
import { TenantproofError } from '../errors.ts';
import { runCertification } from '../run/run-certification.ts';
import { parseCliArgs, USAGE } from './parse-args.ts';
import { renderConsoleSummary } from '../../reports/console-summary.ts';

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help || args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return args.help ? 0 : 2;
    }
    switch (args.command) {
      case 'certify':
      case 'run': {
        const summary = await runCertification({
          configPath: args.config,
          seed: args.seed,
          profile: args.profile,
          only: args.only,
          skip: args.skip,
          replayPath: args.replayPath,
          reportsDir: args.reports,
          shard: args.shard,
        });
        process.stdout.write(`${args.json ? JSON.stringify(summary, null, 2) : renderConsoleSummary(summary)}\n`);
        return summary.exitCode;
      }
      default:
        throw new TenantproofError('USAGE', `unknown command ${args.command}\n\n${USAGE}`);
    }
  } catch (error) {
    const e = error as Error & { code?: string };
    process.stderr.write(`tenantproof: ${e instanceof TenantproofError ? `${e.code}: ` : ''}${e.message}\n`);
    if (!(e instanceof TenantproofError) && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
