/**
 * The contract carries a websocket-first service: the token in the first frame (no cookie, so
 * WEB-3 is skipped with its reason), messages limited per user across sockets, connections per
 * remote address, bans, on plain node:http + ws written apart from the other fixtures. The clean
 * service must hold every invariant that applies, nothing inconclusive; each bug must be caught
 * on exactly what it breaks.
 *
 * Cost: one run of the core and realtime invariants, then one run per bug (eight) of the
 * invariants of its kind (session: AUTH-5, TI-5, TI-6; limits: RL-1..5), two at a time: 152 s
 * measured (CI set, another certify running beside it), over the 90 s budget; the clean run is 63 s of it.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './support/cli.ts';
import { CORE_INVARIANTS, certifyTarget, ranVerdicts, unsettled, violatedIds } from './support/target-runs.ts';
import { BUGS_ENV, VARIANTS } from '../../fixtures/ws-service/variants.ts';

const CONFIG = path.join(ROOT, 'fixtures/ws-service/tenantproof.config.ts');
const REALTIME = ['AUTH-5', 'TI-6', 'RL-1', 'RL-2', 'RL-3', 'RL-4', 'RL-5', 'RL-6', 'RL-7', 'WEB-3'];
/** Skipped on the clean service, each for a reason of the service's shape. */
const NOT_APPLICABLE = { 'UI-1': 'user-scoped', 'WEB-3': 'foreign page cannot supply' };
const SESSION = ['AUTH-5', 'TI-5', 'TI-6'];
const LIMITS = ['RL-1', 'RL-2', 'RL-3', 'RL-4', 'RL-5'];

describe.concurrent('websocket target', () => {
  test('the clean service holds every applicable invariant, exit 0', async () => {
    const run = await certifyTarget(CONFIG, [...CORE_INVARIANTS, ...REALTIME]);
    const byId = ranVerdicts(run);
    expect(Object.keys(byId).sort(), run.stderr).toEqual([...CORE_INVARIANTS, ...REALTIME].filter((id) => !(id in NOT_APPLICABLE)).sort());
    expect(
      Object.entries(byId).filter(([, v]) => v !== 'held'),
      run.stdout,
    ).toEqual([]);
    for (const [id, why] of Object.entries(NOT_APPLICABLE)) expect(run.summary!.invariants.find((v) => v.id === id)?.reason).toContain(why);
    expect(run.code, run.stderr).toBe(0);
  });

  test.each(VARIANTS)('$id is caught on exactly $breaks', async (bug) => {
    const run = await certifyTarget(CONFIG, bug.breaks[0]!.startsWith('RL-') ? LIMITS : SESSION, { [BUGS_ENV]: bug.id });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual(bug.breaks);
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
  });
});
