/**
 * Keeps the last lines a child printed, so every start failure can show why, and tees them to a
 * log file and a callback as they arrive.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Lines longer than this are cut in memory (the log file keeps them whole): one minified dump must not evict the rest. */
const MAX_LINE_CHARS = 4_000;

export interface OutputCapture {
  lastLines(n: number): string[];
  /** Resolves once every stream has ended (the child and anything holding its pipes is gone). */
  drained: Promise<void>;
  /** Flushes and closes the log file; the ring buffer stays readable. */
  close(): Promise<void>;
}

export interface OutputCaptureOptions {
  capacity: number;
  logFile?: string;
  log?: (line: string) => void;
}

export function captureOutput(streams: readonly Readable[], options: OutputCaptureOptions): OutputCapture {
  const ring: string[] = [];
  let file: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    file = createWriteStream(options.logFile, { flags: 'a' });
    // A full disk must not crash the harness; the ring buffer still has the lines.
    file.on('error', () => {});
  }

  const onLine = (line: string): void => {
    ring.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [${line.length - MAX_LINE_CHARS} more chars]` : line);
    if (ring.length > options.capacity) ring.shift();
    file?.write(`${line}\n`);
    options.log?.(line);
  };

  const drained = Promise.all(
    streams.map((stream) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', onLine);
      return new Promise<void>((resolve) => lines.once('close', resolve));
    }),
  ).then(() => undefined);

  let closing: Promise<void> | undefined;
  return {
    lastLines: (n) => (n <= 0 ? [] : ring.slice(-n)),
    drained,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (!file || file.closed) return resolve();
        file.end(() => resolve());
      })),
  };
}
