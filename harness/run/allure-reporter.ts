/**
 * The Allure reporter, loaded only when a run asks for it (`--allure`): allure-vitest is an optional
 * peer, so an install that never writes Allure results does not carry it, and a run that asks
 * without it installed is told the command that installs it.
 */
import type { Reporter } from 'vitest/node';
import { TenantproofError } from '../errors/index.ts';

const PACKAGE = 'allure-vitest';

export async function allureReporter(options: { resultsDir: string; environmentInfo: Record<string, string> }): Promise<Reporter> {
  try {
    const { default: AllureVitestReporter } = await import('allure-vitest/reporter');
    return new AllureVitestReporter(options);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String((cause as Error).message).includes(PACKAGE)) throw cause;
    throw new TenantproofError('ALLURE_REPORTER_MISSING', `--allure needs ${PACKAGE}, which is not installed: npm install -D ${PACKAGE}@3`, { cause });
  }
}
