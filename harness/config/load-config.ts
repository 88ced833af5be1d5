/**
 * Loads and validates a contract file before anything starts, so that a typo costs a second and
 * not a Postgres boot.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, TenantproofError } from '../errors/index.ts';
import { importUserModule } from './import-user-module.ts';
import { configSchema, type ResolvedConfig } from './schema.ts';

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (key missing)';
  if (typeof value === 'function') return 'a function';
  const json = JSON.stringify(value);
  const shown = json && json.length > 60 ? `${json.slice(0, 57)}...` : json;
  return `${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value} ${shown}`;
}

function valueAt(root: unknown, keys: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'unrecognized_keys') return `no key ${issue.keys.join(', ')} (unknown key)`;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
  if (issue.code === 'too_small')
    return `${issue.origin} of at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : ''}`;
  if (issue.code === 'too_big') return `${issue.origin} of at most ${String(issue.maximum)}`;
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.map((branch) => (branch[0] ? expectedOf(branch[0]) : 'another shape'));
    return [...new Set(branches)].join(' or ');
  }
  return issue.message;
}

/** Validates an already-imported contract object; `source` names it in errors. */
export function resolveConfig(raw: unknown, source: string): ResolvedConfig {
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      return { path: keys.map(String).join('.'), expected: expectedOf(issue), found: describe(valueAt(raw, keys)) };
    }),
    source,
  );
}

/** Imports `tenantproof.config.ts` (default export) and validates it. */
export async function loadConfig(configPath: string): Promise<{ config: ResolvedConfig; path: string }> {
  const absolute = path.resolve(configPath);
  if (!existsSync(absolute)) {
    throw new TenantproofError('CONFIG_NOT_FOUND', `config file not found: ${absolute} (pass --config <path to tenantproof.config.ts>)`);
  }
  let mod: { default?: unknown };
  try {
    mod = await importUserModule(absolute);
  } catch (cause) {
    throw new TenantproofError('CONFIG_IMPORT_FAILED', `could not import ${absolute}: ${(cause as Error).message}`, { cause });
  }
  if (mod.default === undefined) {
    throw new ConfigError([{ path: '(default export)', expected: 'export default defineConfig({...})', found: 'no default export' }], absolute);
  }
  return { config: resolveConfig(mod.default, absolute), path: absolute };
}
