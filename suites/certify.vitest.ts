/**
 * The product suite's one vitest file: the built-in invariants plus the contract's own, of which
 * the run's selection becomes tests. Run by `tenantproof certify`, never by the repository's tests.
 */
import { loadConfig } from '../harness/config/load-config.ts';
import { loadContractInvariants } from '../harness/invariants/catalogue.ts';
import { readRunOptions } from '../harness/run/run-options.ts';
import { registerInvariants } from '../harness/vitest/register-invariants.ts';
import { INVARIANTS } from './index.ts';

const options = readRunOptions();
if (!options) throw new Error('the product suite runs under `tenantproof certify`');
const { config, path } = await loadConfig(options.configPath);
registerInvariants([...INVARIANTS, ...(await loadContractInvariants(config, path))], options.selected, options.explore);
