/**
 * Isolation probe throughput against the target's raw throughput on the same endpoint: the probe
 * loop is the TI-1 probe (cross-tenant read through SuiteContext.send, expectation and canary scan,
 * evidence written), autocannon sends the identical request with the same connection count.
 */
import autocannon from 'autocannon';
import { foreignCanaries } from '../harness/checks/canaries.ts';
import { matches } from '../harness/checks/expectation.ts';
import { withCredentials } from '../harness/http/credentials.ts';
import type { SuiteContext } from '../harness/suite/suite-context.ts';
import { buildRequest, expectationOf } from '../harness/suite/operations.ts';

export const CONNECTIONS = 8;

function crossTenantCase(ctx: SuiteContext, i: number) {
  const notes = ctx.world.resources.filter((r) => r.type === 'notes');
  const victim = notes[i % notes.length]!;
  const actor = ctx.world.users.find((u) => u.tenantId !== victim.tenantId)!;
  return { actor, victim, req: buildRequest(ctx, 'notes', 'read', actor, victim.id).req };
}

/**
 * Probes checked per second until `seconds` pass or `count` probes are sent, and how many were not
 * refused (must be 0 on a clean target).
 */
export async function probeRate(ctx: SuiteContext, limit: { seconds?: number; count?: number }): Promise<{ rate: number; probes: number; failures: number }> {
  const refused = expectationOf(ctx, 'notes', 'read', 'refused');
  const deadline = performance.now() + (limit.seconds ?? Infinity) * 1000;
  const count = limit.count ?? Infinity;
  let probes = 0;
  let failures = 0;
  const worker = async (w: number) => {
    for (let i = w; performance.now() < deadline && i < count; i += CONNECTIONS) {
      const { actor, req } = crossTenantCase(ctx, i);
      const user = ctx.userOf(actor.id);
      const res = await ctx.send('BENCH', { actor }, req, 'bench');
      if (!matches(refused, res) || foreignCanaries(res, (c) => c.tenantIndex === user.tenantIndex).length > 0) failures += 1;
      probes += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  ctx.evidence.flush();
  return { rate: probes / ((performance.now() - t0) / 1000), probes, failures };
}

/** Requests per second autocannon gets from the same request with the same connection count. */
export async function autocannonRate(ctx: SuiteContext, seconds: number): Promise<number> {
  const { actor, req } = crossTenantCase(ctx, 0);
  const placed = withCredentials(req, ctx.config.identity.transport, await ctx.token(actor));
  const result = await autocannon({
    url: `${ctx.handle.baseUrl}${placed.path}`,
    method: placed.method as 'GET',
    headers: placed.headers,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return result.requests.average;
}

export interface ProbeRatio {
  /** Probes per second, over both probe legs. */
  rate: number;
  failures: number;
  /** autocannon requests per second, over both of its legs. */
  raw: number;
}

/**
 * The probe loop's rate against autocannon's, measured ABBA (probes, autocannon, autocannon,
 * probes, `legSeconds` each) after both have warmed the target: the target and Postgres speed up
 * over the first seconds of load, so one probe leg followed by one autocannon leg favoured
 * whichever came second (over nine processes, first pairs 0.63-0.83, median 0.69; later pairs median 0.89).
 */
export async function probeRatio(ctx: SuiteContext, legSeconds: number): Promise<ProbeRatio> {
  await probeRate(ctx, { seconds: 1 });
  await autocannonRate(ctx, 1);
  const first = await probeRate(ctx, { seconds: legSeconds });
  const raw = (await autocannonRate(ctx, legSeconds)) + (await autocannonRate(ctx, legSeconds));
  const last = await probeRate(ctx, { seconds: legSeconds });
  return { rate: (first.rate + last.rate) / 2, failures: first.failures + last.failures, raw: raw / 2 };
}
