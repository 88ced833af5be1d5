/**
 * The server's last messages from its jsonlog files: once the logging collector runs, the server
 * writes there instead of stderr, so this is where a server that exited mid-run said why.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** Enough for the last few dozen messages; statement logging can make the file large. */
const TAIL_BYTES = 64 * 1024;

/** The last `n` messages (`SEVERITY: message`) of the newest `*.json` log in `dir`; none when there is none. */
export function serverLogTail(dir: string, n: number): string[] {
  let newest: string | undefined;
  try {
    newest = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(dir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
      .pop();
  } catch {
    return [];
  }
  if (!newest) return [];
  const fd = openSync(newest, 'r');
  try {
    const size = statSync(newest).size;
    const buffer = Buffer.alloc(Math.min(size, TAIL_BYTES));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    // The first line may be cut by the window; a line that does not parse is skipped.
    return buffer
      .toString('utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const entry = JSON.parse(line) as { error_severity?: string; message?: string };
          return entry.message ? [`${entry.error_severity ?? 'LOG'}: ${entry.message}`] : [];
        } catch {
          return [];
        }
      })
      .slice(-n);
  } finally {
    closeSync(fd);
  }
}
