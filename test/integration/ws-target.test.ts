/**
 * The contract carries a websocket-first service: the token in the first frame (no cookie, so
 * WEB-3 is skipped with its reason), messages limited per user across sockets, connections per
 * remote address, bans, on plain node:http + ws written apart from the other fixtures. The clean
 * service must hold every invariant that applies, nothing inconclusive; each bug must be caught
 * on exactly what it breaks.
 *
 * The clean service also holds in its other shapes (a fixed message window, refusals as error
 * frames on the open socket), so neither is judged by the other's rules.
 *
 * Cost: one run of the core and realtime invariants, one of the limits in the other shapes, then
 * one run per bug of the invariants of its kind (session: AUTH-5, TI-5, TI-6; limits: RL-1..5),
 * two at a time; to stay in the CI budget, two pairs of bugs that break different invariants run
 * together, each pair in one run, and each finding must name its own bug's invariant and kind.
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
/** Bugs run together, each pair in one certify run: what each breaks, and a word its finding must carry. */
const TOGETHER = [
  { ids: ['rehello-switches-identity', 'module-global-org'], marks: { 'AUTH-5': 'second hello' } },
  { ids: ['sliding-window-resets', 'ban-not-enforced'], marks: { 'RL-3': 'sliding window reset' } },
];
const breaksOf = (ids: readonly string[]) => VARIANTS.filter((v) => ids.includes(v.id)).flatMap((v) => [...v.breaks]);

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

  test('the clean service with a fixed message window and error-frame refusals holds every limit', async () => {
    const run = await certifyTarget(CONFIG, [...LIMITS, 'RL-6'], { WS_SERVICE_WINDOW: 'fixed', WS_SERVICE_REFUSALS: 'frame' });
    expect(ranVerdicts(run), run.stdout).toEqual(Object.fromEntries([...LIMITS, 'RL-6'].map((id) => [id, 'held'])));
    expect(run.code, run.stderr).toBe(0);
  });

  test.each(TOGETHER)('$ids together are caught on exactly what each breaks', async ({ ids, marks }) => {
    const run = await certifyTarget(CONFIG, breaksOf(ids)[0]!.startsWith('RL-') ? LIMITS : SESSION, { [BUGS_ENV]: ids.join(',') });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual(breaksOf(ids).sort());
    for (const [id, mark] of Object.entries(marks)) expect(run.summary!.invariants.find((v) => v.id === id)?.reason).toContain(mark);
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
  });

  test.each(VARIANTS.filter((v) => !TOGETHER.some((t) => t.ids.includes(v.id))))('$id is caught on exactly $breaks', async (bug) => {
    const run = await certifyTarget(CONFIG, bug.breaks[0]!.startsWith('RL-') ? LIMITS : SESSION, { [BUGS_ENV]: bug.id });
    const byId = ranVerdicts(run);
    expect(violatedIds(byId), run.stdout).toEqual(bug.breaks);
    expect(unsettled(byId), run.stdout).toEqual([]);
    expect(run.code).toBe(1);
  });
});
