/**
 * For the draft tests: writes a draft next to this checkout's sources and loads it as certify
 * would, with `tenantproof` pointed at this checkout (outside an installed project the package
 * name does not resolve, and vitest's loader serves files under its root only).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/load-config.ts';
import type { ResolvedConfig } from '../../config/schema.ts';
import { initDraft, type DraftSource } from '../init-config.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HARNESS = path.join(ROOT, 'harness/index.ts');

export interface LoadedDraft {
  text: string;
  config: ResolvedConfig;
  remove(): void;
}

export async function draftAndLoad(from: DraftSource): Promise<LoadedDraft> {
  const dir = mkdtempSync(path.join(ROOT, '.tp-draft-'));
  const file = await initDraft(path.join(dir, 'tenantproof.config.ts'), from);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace("from 'tenantproof'", `from ${JSON.stringify(HARNESS)}`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    return { text, config: (await loadConfig(file)).config, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
