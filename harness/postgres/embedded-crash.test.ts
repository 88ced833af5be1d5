/**
 * What survives the harness dying: an uncaught error and Ctrl-C must take the postmaster and the
 * run directory with them; after a SIGKILL (no hook can run) the next run's reaper removes both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reapOrphanedRunDirs } from './_internals/run-dir.ts';
import { eventually, running } from './_internals/test-processes.ts';

const TIMEOUT_MS = 180_000;
const embedded = fileURLToPath(new URL('./embedded.ts', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** A separate harness process that starts an embedded cluster, reports it, then does `then`. */
async function harnessWith(then: 'crash' | 'wait'): Promise<{ child: ChildProcess; pid: number; runDir: string; exited: Promise<number | null> }> {
  const script = `
    import { readFileSync } from 'node:fs';
    import { startEmbedded } from ${JSON.stringify(embedded)};
    const server = await startEmbedded();
    const pid = Number(readFileSync(server.dataDir + '/postmaster.pid', 'utf8').split('\\n')[0]);
    console.log(JSON.stringify({ pid, dataDir: server.dataDir }));
    ${then === 'crash' ? "setTimeout(() => { throw new Error('boom'); }, 10);" : 'setInterval(() => {}, 1000);'}
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const first = await new Promise<string | undefined>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then(() => resolve(undefined));
  });
  if (!first) throw new Error(`the harness process exited before reporting its cluster:\n${stderr}`);
  const { pid, dataDir } = JSON.parse(first) as { pid: number; dataDir: string };
  return { child, pid, runDir: path.dirname(dataDir), exited };
}

describe('embedded cluster when the harness dies', () => {
  it(
    'an uncaught error kills the postmaster and removes the run directory',
    async () => {
      const { pid, runDir, exited } = await harnessWith('crash');
      expect(await exited).toBe(1);
      expect(await eventually(() => !running(pid))).toBe(true);
      expect(existsSync(runDir)).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'Ctrl-C (SIGINT) stops the postmaster gracefully and removes the run directory',
    async () => {
      const { child, pid, runDir, exited } = await harnessWith('wait');
      expect(running(pid)).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await eventually(() => !running(pid))).toBe(true);
      expect(existsSync(runDir)).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'after a SIGKILL the postmaster outlives the harness, and the next run reaps it',
    async () => {
      const { child, pid, runDir, exited } = await harnessWith('wait');
      child.kill('SIGKILL');
      await exited;
      expect(running(pid)).toBe(true);
      expect(reapOrphanedRunDirs()).toContain(runDir);
      expect(await eventually(() => !running(pid))).toBe(true);
      expect(existsSync(runDir)).toBe(false);
    },
    TIMEOUT_MS,
  );
});
