/**
 * The watchdog of one run, in the spirit of testcontainers' Ryuk: spawned detached by the run's
 * main process with a pipe as stdin, it waits for that pipe to close, which happens however the
 * main process ends (exit, crash, SIGKILL), then reaps everything registered in the run's
 * registry folder (argv[2]) and removes it. On start it also reaps runs abandoned earlier.
 *
 * Usage: node --import tsx harness/lifecycle/reaper.ts <registry folder>
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { reapEntries } from './reap-entries.ts';
import { identityOf, readEntries, REAPER_FILE, writeJsonFile } from './reaper-registry.ts';
import { sweepAbandonedRuns } from './sweep-abandoned-runs.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: reaper.ts <registry folder>');
writeJsonFile(path.join(dir, REAPER_FILE), identityOf(process.pid));

// The pipe is the bond: it reads nothing, and ends when the main process's end of it closes.
process.stdin.resume();
process.stdin.once('close', () => {
  void reapEntries(readEntries(dir)).then((removed) => {
    // A folder that could not go yet stays registered, for the next run's sweep.
    if (removed) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
// A signal sent to every process (a container's stop, a session's hangup) must not end the reaper
// before the run it watches: it ends when the pipe does.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});

void sweepAbandonedRuns(dir);
