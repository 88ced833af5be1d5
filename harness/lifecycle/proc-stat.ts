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
  /**
   * Clock ticks since boot when the process started: with the pid, its identity, since a pid is
   * reused once its process is gone but a start time is not.
   */
  startTime: string;
}

/** Undefined off Linux or once the process is gone. */
export function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields resume after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Field 22 of stat(5), the 20th after the command name.
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
