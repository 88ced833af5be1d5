/**
 * Vitest global setup for the product suites: starts the environment once per run (per shard)
 * and provides its serialisable handle to every suite; stops it when the run ends.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config/load-config.ts';
import { TenantproofError } from '../errors/index.ts';
import { startEnvironment } from '../environment/start-environment.ts';
import { ENVIRONMENT_ERROR_FILE, ENVIRONMENT_FILE, readRunOptions } from '../run/run-options.ts';
import { announcePartExit } from '../run/run-interruption.ts';
import { redact } from '../../reports/redact.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const options = readRunOptions();
  if (!options) throw new TenantproofError('NOT_UNDER_CLI', 'run the suites through `tenantproof run` or `tenantproof certify`');
  mkdirSync(options.runDir, { recursive: true });
  const log = (line: string) => {
    if (!options.quiet) process.stdout.write(`[tenantproof] ${line}\n`);
  };
  try {
    const { config, path: configPath } = await loadConfig(options.configPath);
    const env = await startEnvironment({ ...options, config, configPath, log });
    project.provide('tenantproof', env.handle);
    // The CLI stops the run: no invariant can be judged against a part that is gone.
    void env.partExited.then((cause) => {
      log(cause.message);
      announcePartExit(cause);
    });
    const { postgres, baseUrl, world } = env.handle;
    writeFileSync(
      path.join(options.runDir, ENVIRONMENT_FILE),
      JSON.stringify({ postgres, baseUrl, tenants: world.tenants.length, users: world.users.length, resources: world.resources.length }, null, 2),
    );
    return async () => {
      await env.stop();
      log('environment stopped');
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    writeFileSync(path.join(options.runDir, ENVIRONMENT_ERROR_FILE), redact(JSON.stringify({ code: e.code ?? 'ENVIRONMENT_FAILED', message: e.message })));
    throw error;
  }
}
