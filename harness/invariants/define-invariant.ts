/**
 * One invariant, one module: its catalogue metadata, what the contract must declare for it to run,
 * and the check itself. Registration, skipping, recording, expectation matching and replay are the
 * harness's (run-invariant.ts, register-invariants.ts), so a definition holds only what is its own.
 */
import { fileURLToPath } from 'node:url';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { SuiteContext } from '../suite/suite-context.ts';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Parts of the contract an invariant cannot run without; a missing one makes it `skipped`. */
export type Requirement = 'http' | 'database' | 'realtime' | 'migrations';

export interface InvariantSpec {
  /** Stable id (`FAMILY-N`) used by reports, `--only`, waivers and the bug zoo. */
  readonly id: string;
  readonly title: string;
  /** What exactly is attacked and judged, for the catalogue in the README and `list --markdown`. */
  readonly description: string;
  readonly severity: Severity;
  /** OWASP API Security Top 10 (2023) category. */
  readonly owasp: string;
  readonly cwe: string;
  readonly requires: readonly Requirement[];
  /**
   * Started when the run enters this invariant's module, before the module's first check: slow
   * setup (waiting out a cache) then overlaps the module's other checks. Failures surface in `run`.
   */
  prepare?(ctx: SuiteContext): void;
  /**
   * False: under `--explore` this check gets its first round only. For checks that spend what the
   * target keeps per user or address (rate limits, bans, a key rotation): a further round would
   * drain budgets other checks' users need, or repeat a scenario that has no other cases.
   */
  readonly explore?: boolean;
  /** Runs the check, positive control included, and returns its verdict; never records it. */
  run(ctx: SuiteContext): Promise<InvariantVerdict>;
}

export interface InvariantDefinition extends InvariantSpec {
  readonly family: string;
  /** Absolute path of the module that called defineInvariant: the invariant's one home. */
  readonly source: string;
}

const ID = /^[A-Z][A-Z0-9]*-\d+$/;

export function defineInvariant(spec: InvariantSpec): InvariantDefinition {
  if (!ID.test(spec.id)) throw new Error(`invariant id ${JSON.stringify(spec.id)} is not of the form FAMILY-N (e.g. TI-1)`);
  return Object.freeze({ ...spec, family: spec.id.replace(/-\d+$/, ''), source: callerFile() });
}

/** The file of defineInvariant's caller, from the V8 call sites (file paths or file: URLs). */
function callerFile(): string {
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, defineInvariant);
  const sites = holder.stack ?? [];
  Error.prepareStackTrace = original;
  const name = sites[0]?.getFileName();
  if (!name) throw new Error('defineInvariant could not tell which module called it');
  const file = name.replace(/[?#].*$/, '');
  return file.startsWith('file:') ? fileURLToPath(file) : file;
}
