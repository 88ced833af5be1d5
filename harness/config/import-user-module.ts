/**
 * Imports a file of the user's (the contract, its own invariants) from anywhere on disk, in TS or
 * JS, in an ESM or CommonJS project. The suites run under vitest's module runner, which only
 * serves files below its root (this package); tsx's scoped loader imports through Node itself, so
 * the file and what it imports (`tenantproof` included) resolve from the user's folder as Node
 * would resolve them there.
 */
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  // A CommonJS module compiled from `export ...` arrives as { default: module.exports } with __esModule set.
  const commonjs = mod['default'] as Record<string, unknown> | undefined;
  return commonjs && typeof commonjs === 'object' && commonjs['__esModule'] === true ? commonjs : mod;
}
