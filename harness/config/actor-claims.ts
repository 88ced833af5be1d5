import type { Actor, ResolvedConfig } from './schema.ts';

/**
 * The claims a complete, valid token of `actor` carries under the contract: its id, tenant and role
 * under the contract's claim names, then whatever `identity.extraClaims` adds or retypes (a tenant
 * id minted as a number, a list of roles). Every token the harness mints starts from these.
 */
export function actorClaims(identity: Pick<ResolvedConfig['identity'], 'claims' | 'extraClaims'>, actor: Actor): Record<string, unknown> {
  const { claims } = identity;
  return { [claims.user]: actor.id, [claims.tenant]: actor.tenantId, [claims.role]: actor.role, ...identity.extraClaims?.(actor) };
}
