/**
 * Reaps the registries of earlier runs whose main process and reaper are both gone (the machine's
 * OOM killer, a CI runner that killed every process it saw): what they registered and still runs,
 * with the recorded start time, is ended, and their folders removed.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { reapEntries } from './reap-entries.ts';
import { isAlive, OWNER_FILE, readEntries, readJsonFile, REAPER_FILE, registryRoot, type ProcessIdentity } from './reaper-registry.ts';

/** Registry folders of runs; others in the root are being set up (see start-reaper.ts). */
export const RUN_PREFIX = 'run-';

/** Returns the registry folders reaped; `except` is the caller's own. */
export async function sweepAbandonedRuns(except?: string): Promise<string[]> {
  const root = registryRoot();
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(RUN_PREFIX));
  } catch {
    return [];
  }
  const reaped: string[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    if (dir === except) continue;
    const owner = readJsonFile<ProcessIdentity>(path.join(dir, OWNER_FILE));
    const reaper = readJsonFile<ProcessIdentity>(path.join(dir, REAPER_FILE));
    if (!owner || isAlive(owner) || (reaper && isAlive(reaper))) continue;
    if (!(await reapEntries(readEntries(dir), { requireIdentity: true }))) continue;
    rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}
