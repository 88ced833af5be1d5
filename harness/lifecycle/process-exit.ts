/** How a child process ended, as `child_process` reports it. */
export interface ProcessExit {
  /** Null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `code 3` or `signal SIGKILL`, for messages such as "exited with code 3". */
export function describeExit({ code, signal }: ProcessExit): string {
  return code === null ? `signal ${signal ?? 'unknown'}` : `code ${code}`;
}
