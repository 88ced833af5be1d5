/**
 * A process's state, parent and group from /proc (Linux only): what `kill(pid, 0)` cannot tell,
 * such as a zombie that still answers signals.
 */
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z (zombie), ... */
  state: string;
  ppid: number;
  pgrp: number;
}

/** Undefined off Linux or once the process is gone. */
export function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields resume after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}
