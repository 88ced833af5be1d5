/**
 * Starts the reference service's environment programmatically (as the global setup would), for
 * figures that need a running target without the suites.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../harness/config/load-config.ts';
import { startEnvironment, type StartedEnvironment } from '../harness/environment/start-environment.ts';
import { REFERENCE_CONFIG } from '../test/integration/support/cli.ts';

export async function startReference(
  overrides: (config: Awaited<ReturnType<typeof loadConfig>>['config']) => void = () => undefined,
  log: (line: string) => void = () => undefined,
): Promise<StartedEnvironment> {
  const { config, path: configPath } = await loadConfig(REFERENCE_CONFIG);
  overrides(config);
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  return startEnvironment({
    config,
    configPath,
    runId: `bench-${process.pid}-${Date.now()}`,
    runDir,
    seed: 1,
    profile: 'ci',
    replayBase: 'bench',
    log,
  });
}
