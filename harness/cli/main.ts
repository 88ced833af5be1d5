/**
 * The `tenantproof` command: parses arguments, calls the programmatic API, prints, and returns the
 * exit code (0 held, 1 violated, 2 could not run). Only bin/tenantproof.js turns it into an exit.
 */
import { TenantproofError } from '../errors/index.ts';
import { runCertification, VERSION } from '../run/run-certification.ts';
import { parseCliArgs, USAGE } from './parse-args.ts';
import { renderConsoleSummary } from '../../reports/console-summary.ts';
import { verifyManifest } from '../../reports/manifest.ts';
import type { Summary } from '../../reports/summary.ts';
import { mergeRuns } from '../run/merge-runs.ts';
import { replayCounterexample } from '../run/replay-counterexample.ts';
import { runFolders, shownRunDir } from '../run/run-folders.ts';
import { summaryNamed } from '../run/run-summaries.ts';
import { diffRuns, renderFindingChanges } from '../../reports/run-diff.ts';
import { redact } from '../../reports/redact.ts';
import { initConfig, initDraft } from './init-config.ts';
import { configPathOf } from '../config/find-config.ts';
import { listInvariants } from './list-invariants.ts';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';
import { lintMigrationsCommand } from './lint-migrations-command.ts';
import { signalExitCode } from '../run/run-interruption.ts';
import { diskFullError } from '../errors/file-system-error.ts';

/** `invariants`: the built-in catalogue, handed in by the entry point (bin/) that composes the product. */
export async function main(argv: string[], invariants: readonly InvariantDefinition[]): Promise<number> {
  try {
    // lint-migrations has flags of its own and starts nothing.
    if (argv[0] === 'lint-migrations') return await lintMigrationsCommand(argv.slice(1));
    const args = parseCliArgs(argv);
    if (args.version) {
      process.stdout.write(`tenantproof ${VERSION}\n`);
      return 0;
    }
    if (args.help || args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return args.help ? 0 : 2;
    }
    switch (args.command) {
      case 'certify':
      case 'run': {
        const summary = await runCertification({
          configPath: configPathOf(args.config),
          invariants,
          seed: args.seed,
          profile: args.profile,
          only: args.only,
          skip: args.skip,
          replayPath: args.replayPath,
          reportsDir: args.reports,
          corpusDir: args.corpus,
          shard: args.shard,
          timeBudgetMs: args.timeBudgetMs,
          explore: args.explore,
          allure: args.allure,
        });
        printSummary(summary, args.json, args.reports);
        return summary.interrupted ? signalExitCode(summary.interrupted.signal) : summary.exitCode;
      }
      case 'replay': {
        const file = operand(args.operands, 'replay <counterexample file>');
        const result = await replayCounterexample(file, { invariants, configPath: args.config, reportsDir: args.reports });
        printSummary(result.summary, args.json, args.reports);
        const { invariant, counterexample } = result.original;
        if (result.reproduced) {
          process.stdout.write(
            `replay: ${invariant} violated again${result.sameValue ? ', same shrunk value' : `, shrunk to ${JSON.stringify(result.verdict?.counterexample?.value)} (recorded ${JSON.stringify(counterexample.value)})`}\n`,
          );
          return 1;
        }
        process.stdout.write(
          `replay: ${invariant} was NOT reproduced: ${result.verdict?.verdict ?? 'no verdict'}${result.verdict?.reason ? ` (${result.verdict.reason})` : ''}\n`,
        );
        return result.verdict?.verdict === 'held' ? 0 : 2;
      }
      case 'verify': {
        const dir = operand(args.operands, 'verify <run folder>');
        const result = verifyManifest(dir);
        if (result.ok) {
          const partial = result.interrupted ? `; partial: the run was interrupted by ${result.interrupted.signal}, see summary.json` : '';
          process.stdout.write(`verify: ${dir}: ${result.files} files match manifest.json (manifest sha256 ${result.manifestSha256})${partial}\n`);
          return 0;
        }
        process.stdout.write(`verify: ${dir}: FAILED\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
        return result.files === 0 && !result.manifestSha256 ? 2 : 1;
      }
      case 'merge': {
        if (args.operands.length === 0) throw new TenantproofError('USAGE', `merge expects the shard run folders\n\n${USAGE}`);
        const { summary, runDir } = await mergeRuns(args.operands, { outDir: args.out, reportsDir: args.reports });
        process.stdout.write(`merged ${args.operands.length} runs into ${runDir}\n`);
        printSummary(summary, args.json, args.reports);
        return summary.exitCode;
      }
      case 'diff': {
        if (args.operands.length !== 2) throw new TenantproofError('USAGE', `expected diff <run-a> <run-b>\n\n${USAGE}`);
        const { runs } = runFolders(args.reports);
        const [before, after] = args.operands.map((o) => summaryNamed(o, runs)) as [Summary, Summary];
        const changes = diffRuns(before, after);
        process.stdout.write(`${args.json ? JSON.stringify(changes, null, 2) : redact(renderFindingChanges(changes).join('\n'))}\n`);
        return changes.new.length > 0 ? 1 : 0;
      }
      case 'list': {
        process.stdout.write(
          `${await listInvariants(invariants, { configPath: args.config, format: args.json ? 'json' : args.markdown ? 'markdown' : 'table' })}\n`,
        );
        return 0;
      }
      case 'init': {
        const out = args.operands[0] ?? 'tenantproof.config.ts';
        const from =
          args.fromOpenapi !== undefined ? { openapi: args.fromOpenapi } : args.fromGraphql !== undefined ? { graphql: args.fromGraphql } : undefined;
        const file = from ? await initDraft(out, from, { force: args.force }) : initConfig(out, { force: args.force });
        process.stdout.write(`wrote ${file}: fill in the ${from ? 'TODOs' : 'commented keys'}, then run tenantproof certify --config ${file}\n`);
        return 0;
      }
      default:
        throw new TenantproofError('USAGE', `unknown command ${args.command}\n\n${USAGE}`);
    }
  } catch (error) {
    // A full disk is the user's to fix: one line, no stack.
    const e = (diskFullError(error) ?? error) as Error & { code?: string };
    process.stderr.write(`tenantproof: ${e instanceof TenantproofError ? `${e.code}: ` : ''}${e.message}\n`);
    if (!(e instanceof TenantproofError) && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

function operand(operands: string[], usage: string): string {
  if (operands.length !== 1) throw new TenantproofError('USAGE', `expected ${usage}\n\n${USAGE}`);
  return operands[0]!;
}

/** The verdict table (or JSON), then where the report and replay files are. */
function printSummary(summary: Summary, json: boolean, reportsDir?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderConsoleSummary(summary)}\n`);
  const dir = summary.mergedFrom ? undefined : shownRunDir(summary.runId, reportsDir);
  if (!dir) return;
  process.stdout.write(`report: ${dir}/report.html (verify the bundle with: tenantproof verify ${dir})\n`);
  for (const v of summary.invariants.filter((i) => i.verdict === 'violated' && i.counterexample)) {
    process.stdout.write(`replay ${v.id} from a fresh start: tenantproof replay ${dir}/counterexamples/${v.id}.json\n`);
  }
}
