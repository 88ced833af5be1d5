/**
 * Starts the run's reaper (reaper.ts) before anything else of the run, bound to this process by
 * its stdin pipe, and points REAPER_DIR_VARIABLE at the run's registry so that every process
 * group, process and folder the run creates from now on is registered with it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { identityOf, OWNER_FILE, readJsonFile, REAPER_DIR_VARIABLE, registryRoot, writeJsonFile, type ProcessIdentity } from './reaper-registry.ts';
import { RUN_PREFIX } from './sweep-abandoned-runs.ts';

const REAPER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reaper.ts');

/** Starts a reaper for this process, unless one already watches it (a second run in the same process). */
export function startReaper(): void {
  const current = process.env[REAPER_DIR_VARIABLE];
  // Inherited from a run that started us (our target is itself a run) is not ours.
  if (current && readJsonFile<ProcessIdentity>(path.join(current, OWNER_FILE))?.pid === process.pid) return;
  const root = registryRoot();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  // Set up under another name and renamed: a sweep never sees a registry without its owner.
  const staging = mkdtempSync(path.join(root, '.staging-'));
  writeJsonFile(path.join(staging, OWNER_FILE), identityOf(process.pid));
  const dir = path.join(root, `${RUN_PREFIX}${path.basename(staging).slice('.staging-'.length)}`);
  renameSync(staging, dir);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const reaper = spawn(process.execPath, ['--import', tsx, REAPER_SCRIPT, dir], {
    // Its own session: neither a terminal's Ctrl-C nor a signal to our group reaches it.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // The reaper must neither keep us alive nor crash us when it dies first (EPIPE).
  reaper.on('error', () => {});
  reaper.stdin!.on('error', () => {});
  reaper.unref();
  (reaper.stdin as unknown as { unref(): void }).unref();
  process.env[REAPER_DIR_VARIABLE] = dir;
}
