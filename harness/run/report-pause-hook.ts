/**
 * A test hook, for tenantproof's own tests only: with `TP_INTERNAL_TEST_PAUSE_REPORTS_MS` set, the
 * report writer pauses that long before it writes anything but summary.json, or until the run is
 * interrupted, so a test can signal a run that is certainly in its "writing reports" phase
 * (test/integration/interrupted-runs.test.ts). Unset, it adds nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reporter } from '../../reports/reporter.ts';

export const PAUSE_REPORTS_VARIABLE = 'TP_INTERNAL_TEST_PAUSE_REPORTS_MS';
/** What the paused run prints, for the test to wait on. */
export const PAUSED_LINE = 'writing reports: paused by a test hook';

export function reportPauseHook(log: (line: string) => void, interrupted: Promise<unknown>): Reporter[] {
  const ms = Number(process.env[PAUSE_REPORTS_VARIABLE]);
  if (!(ms > 0)) return [];
  return [
    {
      name: 'test pause',
      onRunStart: async () => {
        log(`${PAUSED_LINE} (${PAUSE_REPORTS_VARIABLE}=${ms})`);
        await Promise.race([sleep(ms), interrupted]);
      },
    },
  ];
}
