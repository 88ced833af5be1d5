/**
 * Turns invariant definitions into the product suite's vitest tests, the one place that does so.
 * Only the run's selected invariants become tests. Invariants of one module share one suite
 * context, opened when the first of them runs (starting every selected one's `prepare`) and closed
 * when the run moves on to another module, as each suite file had its own before.
 */
import { afterAll, expect, inject, test } from 'vitest';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';
import { ACCEPTED_VERDICTS, runInvariant } from '../invariants/run-invariant.ts';
import { diskFullError } from '../errors/file-system-error.ts';
import { createSuiteContext, type SuiteContext } from '../suite/suite-context.ts';
import type { EnvironmentHandle } from '../provision/world.ts';
import { identityOf, registerWithReaper } from '../lifecycle/reaper-registry.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import { EvidenceStore } from '../../reports/evidence-store.ts';
import { exploreRounds } from '../explore/explore-rounds.ts';
import type { RunOptions } from '../run/run-options.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    tenantproof: EnvironmentHandle;
  }
}

/** A suite context on the environment the global setup started and provided. */
function useSuite(): Promise<SuiteContext> {
  const handle = inject('tenantproof');
  if (!handle) throw new Error('tenantproof suites run under the tenantproof global setup (tenantproof certify)');
  return createSuiteContext(handle);
}

/** The test after every invariant's own that spends the rest of an `--explore` budget; named so the progress reporter reads no verdict for it. */
const EXPLORE_TEST = 'explore: further rounds until the time budget';
/** Beyond the budget, what the explore test may take (a round judged to fit that runs long). */
const EXPLORE_GRACE_MS = 120_000;

export function registerInvariants(definitions: readonly InvariantDefinition[], selected: readonly string[], explore?: RunOptions['explore']): void {
  // This runs in vitest's fork of the CLI, in the CLI's process group; a fork busy probing outlives
  // a CLI killed with SIGKILL, so the run's reaper ends it too.
  registerWithReaper({ kind: 'process', stopSignal: 'SIGTERM', ...identityOf(process.pid) });
  const chosen = definitions.filter((d) => selected.includes(d.id));
  let open: { source: string; ctx: Promise<SuiteContext> } | undefined;
  const close = async () => {
    const closing = open;
    open = undefined;
    if (closing) await (await closing.ctx).close();
  };
  /** `prepare`: false when a module is opened again for explore rounds, whose first rounds had their setup. */
  const contextFor = async (source: string, prepare = true): Promise<SuiteContext> => {
    if (open?.source !== source) {
      await close();
      const ctx = useSuite();
      open = { source, ctx };
      const started = await ctx;
      if (prepare) for (const d of chosen) if (d.source === source) d.prepare?.(started);
    }
    return open.ctx;
  };
  const firstRounds = new Map<string, InvariantVerdict>();
  /** When the first invariant started: an explore budget is time spent attacking, not starting the environment. */
  let attackStarted: number | undefined;
  afterAll(close);
  for (const definition of chosen) {
    test(`${definition.id} ${definition.title}`, async () => {
      attackStarted ??= Date.now();
      const ctx = await contextFor(definition.source);
      const verdict = await runInvariant(definition, ctx);
      try {
        ctx.record(verdict);
      } catch (error) {
        throw diskFullError(error) ?? error;
      }
      firstRounds.set(definition.id, verdict);
      expect(ACCEPTED_VERDICTS.has(verdict.verdict), `${verdict.verdict}: ${verdict.reason ?? ''}`).toBe(true);
    });
  }
  if (!explore || chosen.length === 0) return;
  test(
    EXPLORE_TEST,
    async ({ signal }) => {
      const { runDir, seed } = inject('tenantproof');
      const verdicts = new EvidenceStore(runDir);
      const record = (v: InvariantVerdict) => {
        try {
          verdicts.verdict(v);
        } catch (error) {
          throw diskFullError(error) ?? error;
        }
      };
      await exploreRounds({
        definitions: chosen,
        firstRounds,
        runSeed: seed,
        runDir,
        until: (attackStarted ?? Date.now()) + explore.budgetMs,
        signal,
        contextFor: (s) => contextFor(s, false),
        record,
      });
    },
    explore.budgetMs + EXPLORE_GRACE_MS,
  );
}
