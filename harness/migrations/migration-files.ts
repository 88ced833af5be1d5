/**
 * Expands the paths given to the linter into migration files in apply order: a directory means its
 * own `*.sql` files (one level, sorted by name, the order every common runner applies them in).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TenantproofError } from '../errors/index.ts';

/** The SQL files `paths` name, resolved against `baseDir`; a missing path is a usage error. */
export function migrationFiles(paths: readonly string[], baseDir = process.cwd()): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(baseDir, given);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      throw new TenantproofError('MIGRATIONS_NOT_FOUND', `migration path not found: ${absolute}`);
    }
    if (stat.isDirectory()) {
      const sql = readdirSync(absolute)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      files.push(...sql.map((f) => path.join(absolute, f)));
    } else files.push(absolute);
  }
  return [...new Set(files)];
}
