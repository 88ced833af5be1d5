/**
 * Writes one report artifact atomically (temp file + rename) and redacted: a reader never sees a
 * half-written file, and no writer can forget redaction.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redact } from './redact.ts';

/** Writes `text`, redacted, to `file` via a temp file in the same folder. */
export function writeReportFile(file: string, text: string): string {
  namingFile(file, () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, redact(text));
    renameSync(`${file}.tmp`, file);
  });
  return file;
}

/** Runs `write`; an error it throws carries `file` as its path, since a failed write(2) (ENOSPC) names none and the message to the user must. */
export function namingFile(file: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    (err as NodeJS.ErrnoException).path ??= file;
    throw err;
  }
}
