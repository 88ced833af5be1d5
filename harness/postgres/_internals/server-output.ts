/**
 * Collects what initdb and the postmaster print: the last lines in memory, so every start failure
 * can say why, and every line in a log file, so later steps (statement logging) can read it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Lines longer than this are cut in memory (the file keeps them whole). */
const MAX_LINE_CHARS = 2_000;

/** The output of one cluster's processes: a ring of recent lines and an optional log file. */
export class ServerOutput {
  private readonly ring: string[] = [];
  private readonly file: WriteStream | undefined;

  constructor(
    logFile?: string,
    private readonly capacity = 60,
  ) {
    if (logFile) {
      this.file = createWriteStream(logFile, { flags: 'a' });
      // A full disk or a removed directory must not crash the harness; the ring still has the lines.
      this.file.on('error', () => {});
    }
  }

  /** Splits `stream` into lines, keeping each and passing it to `onLine`; resolves when the stream ends. */
  attach(stream: Readable, onLine?: (line: string) => void): Promise<void> {
    let partial = '';
    stream.setEncoding('utf8');
    const take = (line: string) => {
      this.ring.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
      if (this.ring.length > this.capacity) this.ring.shift();
      this.file?.write(`${line}\n`);
      onLine?.(line);
    };
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(take);
    });
    return new Promise((resolve) =>
      stream.once('close', () => {
        if (partial) take(partial);
        resolve();
      }),
    );
  }

  /** The last `n` lines kept. */
  lastLines(n = this.capacity): string[] {
    return this.ring.slice(-n);
  }

  /** The last lines under a heading, ready to append to an error message. */
  tail(heading: string, n = 40): string {
    const lines = this.lastLines(n);
    return `--- last ${lines.length} lines of ${heading} ---\n${lines.join('\n')}`;
  }

  /** Flushes and closes the log file. */
  close(): Promise<void> {
    const file = this.file;
    if (!file || file.closed || file.writableEnded) return Promise.resolve();
    return new Promise((resolve) => file.end(() => resolve()));
  }
}
