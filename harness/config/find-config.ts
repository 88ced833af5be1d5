/**
 * Where the contract is when `--config` is not given: the nearest `tenantproof.config.*` from the
 * working directory upward, as eslint and vitest find theirs, so `npx tenantproof certify` works
 * from any folder of the user's project.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TenantproofError } from '../errors/index.ts';

export const CONFIG_NAMES = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `tenantproof.config.${ext}`);

/** The nearest contract file at or above `from`, or undefined. Two in one folder are refused: which one counts would be a guess. */
export function findConfig(from = process.cwd()): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const here = CONFIG_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (here.length > 1)
      throw new TenantproofError('CONFIG_AMBIGUOUS', `${dir} holds ${here.map((f) => path.basename(f)).join(' and ')}: keep one, or pass --config`);
    if (here[0]) return here[0];
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `--config` as given, else the nearest contract file; a clear error naming the names looked for when there is none. */
export function configPathOf(given: string | undefined, from = process.cwd()): string {
  if (given) return given;
  const found = findConfig(from);
  if (found) return found;
  throw new TenantproofError(
    'CONFIG_NOT_FOUND',
    `no ${CONFIG_NAMES.join(', ')} in ${path.resolve(from)} or any folder above it (write one with tenantproof init, or pass --config <path>)`,
  );
}
