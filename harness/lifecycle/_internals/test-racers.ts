/**
 * Test support: runs one ES module script in several processes at once (with tsx, so it may import
 * TypeScript sources by absolute path) and collects the JSON each prints, for races that threads
 * of one process cannot produce, such as two file-system writers.
 */
import { spawn } from 'node:child_process';

export function raceInProcesses<T>(count: number, script: string): Promise<T[]> {
  const racer = () =>
    new Promise<T>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`racer exited with code ${code}: ${err}`))));
    });
  return Promise.all(Array.from({ length: count }, racer));
}
