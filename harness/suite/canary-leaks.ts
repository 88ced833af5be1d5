/**
 * Scans a whole response (status line, headers, body, error messages included) for canaries the
 * actor may not see, and maps each back to the victim row through the admin connection, so a
 * finding names whose data leaked and not only that something did.
 */
import { foreignCanaries } from '../checks/canaries.ts';
import type { ProbeResponse } from '../http/types.ts';
import type { UserRecord } from '../provision/world.ts';
import type { SuiteContext } from './suite-context.ts';
import { locateCanaries, mayAccess, sameId } from './ground-truth.ts';

/** A canary the actor must not see: the victim's tenant and user, and the row when it still exists. */
export interface Leak {
  canary: string;
  /** `tenant`: another tenant's data; `user`: another user's personal data in the same tenant. */
  kind: 'tenant' | 'user';
  tenant: string;
  user?: string;
  resource?: string;
  id?: string;
}

/**
 * Every leak in `res` for `actor` (`only`: just one kind). A canary still stored is judged by its
 * row's owner and the resource's scope; one no longer stored (deleted or overwritten) by the owner
 * it encodes.
 */
export async function findLeaks(ctx: SuiteContext, actor: UserRecord, res: ProbeResponse, only?: Leak['kind']): Promise<Leak[]> {
  // A canary encoding the actor (or, for tenant leaks only, its tenant) was created by them; it can
  // only be foreign if the target moved it, which TI-4 checks, so it is not looked up.
  const candidates = foreignCanaries(res, (c) => c.userIndex === actor.index || (only === 'tenant' && c.tenantIndex === actor.tenantIndex));
  const origins = await locateCanaries(
    ctx,
    candidates.map((c) => c.canary),
  );
  return candidates.flatMap((c): Leak[] => {
    const stored = origins.filter((o) => o.canary === c.canary);
    if (stored.length === 0) {
      if (c.tenantIndex === actor.tenantIndex) return [];
      return [
        { canary: c.canary, kind: 'tenant', tenant: ctx.world.tenants[c.tenantIndex]?.id ?? `t${c.tenantIndex}`, user: ctx.world.users[c.userIndex]?.id },
      ];
    }
    return stored
      .filter((o) => !mayAccess(ctx, o.resource, actor, o) && (only !== 'tenant' || !sameId(o.tenant, actor.tenantId)))
      .slice(0, 1)
      .map((o) => ({
        canary: c.canary,
        kind: sameId(o.tenant, actor.tenantId) ? 'user' : 'tenant',
        tenant: o.tenant,
        user: o.user,
        resource: o.resource,
        id: o.id,
      }));
  });
}

/** One line per leak for a violation message: `canary (tenant T user U, resource R row I)`. */
export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((l) => `${l.canary} (tenant id ${l.tenant}${l.user ? ` user id ${l.user}` : ''}${l.resource ? `, ${l.resource} ${l.id}` : ''})`).join(', ');
}
