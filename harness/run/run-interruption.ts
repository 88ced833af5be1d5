/**
 * Why a run ends before its invariants do: SIGINT, SIGTERM or SIGHUP to the CLI, or a part of the
 * environment (the target, Postgres) that exited mid-run, which the global setup announces on
 * `process` (it shares the CLI's process but not its modules).
 */
import type { EventEmitter } from 'node:events';
import { leaveExitToCaller } from '../lifecycle/process-registry.ts';

export interface Interruption {
  /** `INTERRUPTED` for a signal, else the part's code (`TARGET_EXITED`, `POSTGRES_EXITED`). */
  code: string;
  /** One line of what happened, then (for a part) its last output lines. */
  message: string;
  signal?: NodeJS.Signals;
}

const PART_EXITED_EVENT = 'tenantproof:part-exited';

/** Called by the global setup when a part exits while the run still needs it. */
export function announcePartExit(interruption: Interruption): void {
  // Node's types know only its own process events.
  (process as EventEmitter).emit(PART_EXITED_EVENT, interruption);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The shell's convention for a process ended by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function signalExitCode(signal: string): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}

/** The first interruption of a run, while it is watched. */
export interface InterruptionWatch {
  readonly first: Promise<Interruption>;
  stop(): void;
}

/**
 * Watches for the first signal or part exit (once each signal: a second Ctrl-C ends the process
 * the default way, and the reaper cleans up). While watching, the process registry's signal
 * handling stops what was started but leaves the exit to the run, which writes its bundle first.
 */
export function watchInterruptions(): InterruptionWatch {
  const undoExit = leaveExitToCaller();
  let report: (interruption: Interruption) => void = () => {};
  const first = new Promise<Interruption>((resolve) => (report = resolve));
  const onSignal = (signal: NodeJS.Signals) => report({ code: 'INTERRUPTED', signal, message: `interrupted by ${signal}` });
  for (const signal of SIGNALS) process.once(signal, onSignal);
  process.on(PART_EXITED_EVENT, report);
  return {
    first,
    stop: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      process.off(PART_EXITED_EVENT, report);
      undoExit();
    },
  };
}
