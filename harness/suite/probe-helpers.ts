/**
 * Small pieces every suite shares: turning an exchange into redacted evidence steps, and the
 * per-operation setup that gives read/update/delete a real target row owned by the right user.
 */
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import type { Exchange } from '../../reports/verdict.ts';
import type { Actor } from '../config/schema.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { buildRequest, createScratch, type OperationName } from './operations.ts';

/**
 * An evidence step: what was sent (credentials described, never included: they are placed later,
 * by `send`) and what came back. The request's own headers stay, since one may be the attack
 * (an `X-Tenant-Id` naming someone else) and a replay without it would prove nothing. `sender`
 * names who sent it where a violation's steps are several actors' (a sequence, a burst).
 */
export function step(req: ProbeRequest, res: ProbeResponse | undefined, note?: string, sender?: Actor): Exchange {
  return {
    request: { method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body },
    response: res && { status: res.status, headers: res.headers, excerpt: res.text.slice(0, 400) },
    note,
    ...(sender && { actor: { tenant: sender.tenantId, user: sender.id, role: sender.role } }),
  };
}

/**
 * A request for `op` whose target row (if the operation needs one) is a fresh resource owned by
 * `owner`, so that destructive probes never disturb the shared provisioned world.
 */
export async function requestOnOwnedRow(
  ctx: SuiteContext,
  invariant: string,
  resource: string,
  op: OperationName,
  actor: UserRecord,
  owner: UserRecord,
): Promise<{ req: ProbeRequest; id?: string; canary?: string }> {
  if (op === 'create' || op === 'list') return buildRequest(ctx, resource, op, actor);
  const row = await createScratch(ctx, invariant, resource, owner);
  const { req, canary } = buildRequest(ctx, resource, op, actor, row.id);
  return { req, id: row.id, canary: canary ?? row.canary };
}
