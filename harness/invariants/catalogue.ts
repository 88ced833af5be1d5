/**
 * The invariant catalogue as code: one entry per invariant of the product spec
 * (shared/design/invariants.md), with the stable id that reports, CLI filters and the bug zoo use.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One invariant tenantproof can prove or break. */
export interface Invariant {
  readonly id: string;
  readonly family: string;
  readonly title: string;
  readonly severity: Severity;
  /** OWASP API Security Top 10 (2023) category. */
  readonly owasp: string;
  readonly cwe: string;
}

const BOLA = 'API1:2023 Broken Object Level Authorization';
const AUTHN = 'API2:2023 Broken Authentication';
const BOPLA = 'API3:2023 Broken Object Property Level Authorization';
const RESOURCES = 'API4:2023 Unrestricted Resource Consumption';
const BFLA = 'API5:2023 Broken Function Level Authorization';
const MISCONFIG = 'API8:2023 Security Misconfiguration';

const entries: Array<[string, string, Severity, string, string]> = [
  ['AUTH-1', 'Protected operations refuse requests without credentials', 'high', AUTHN, 'CWE-306'],
  ['AUTH-2', 'Forged tokens are refused', 'high', AUTHN, 'CWE-347'],
  ['AUTH-3', 'Time and audience claims are enforced', 'high', AUTHN, 'CWE-613'],
  ['AUTH-4', 'Key rotation is honoured', 'high', AUTHN, 'CWE-324'],
  ['AUTH-5', 'Websocket authentication applies the same rules', 'high', AUTHN, 'CWE-306'],
  ['ID-1', 'Identity-incomplete tokens are refused', 'high', AUTHN, 'CWE-287'],
  ['ID-2', 'Tenant and user come only from the verified token', 'critical', BOLA, 'CWE-639'],
  ['TI-1', 'Cross-tenant read by id is refused and leaks no canary', 'critical', BOLA, 'CWE-639'],
  ['TI-2', 'Cross-tenant update and delete are refused and change nothing', 'critical', BOLA, 'CWE-639'],
  ['TI-3', 'Lists, searches and exports return exactly the tenant\'s rows', 'critical', BOLA, 'CWE-200'],
  ['TI-4', 'Created and updated rows land in the actor\'s tenant (mass assignment)', 'critical', BOPLA, 'CWE-915'],
  ['TI-5', 'Concurrent interleavings never leak across tenants', 'critical', BOLA, 'CWE-362'],
  ['TI-6', 'Realtime delivery never crosses tenants', 'critical', BOLA, 'CWE-200'],
  ['UI-1', 'User-scoped resources are private to their user', 'critical', BOLA, 'CWE-639'],
  ['DB-1', 'No tenant context means no rows (fail closed)', 'critical', BOLA, 'CWE-1188'],
  ['DB-2', 'A tenant context shows exactly that tenant\'s rows', 'critical', BOLA, 'CWE-639'],
  ['DB-3', 'Writes under a tenant context cannot reach other tenants', 'critical', BOLA, 'CWE-639'],
  ['DB-4', 'Odd context values never widen access', 'critical', BOLA, 'CWE-20'],
  ['DB-5', 'The application role cannot escape RLS', 'critical', BFLA, 'CWE-269'],
  ['DB-6', 'Catalog audit: RLS enabled, forced and well-formed everywhere', 'high', MISCONFIG, 'CWE-732'],
  ['DB-7', 'Tenant context is only ever set transaction-locally', 'high', MISCONFIG, 'CWE-488'],
  ['MIG-1', 'Migrations contain no forbidden statement', 'medium', MISCONFIG, 'CWE-1188'],
  ['MIG-2', 'New tables carry the tenant column, forced RLS and a policy', 'high', MISCONFIG, 'CWE-732'],
  ['MIG-3', 'No policy is removed or weakened against the baseline', 'high', MISCONFIG, 'CWE-732'],
  ['MIG-4', 'Every forward migration has a rollback', 'low', MISCONFIG, 'CWE-1188'],
  ['RL-1', 'Websocket connections per IP are capped', 'medium', RESOURCES, 'CWE-770'],
  ['RL-2', 'Concurrent sockets per user are capped', 'medium', RESOURCES, 'CWE-770'],
  ['RL-3', 'Messages per window are capped atomically', 'medium', RESOURCES, 'CWE-770'],
  ['RL-4', 'Oversized messages are refused', 'medium', RESOURCES, 'CWE-770'],
  ['RL-5', 'Repeated violations lead to the declared ban', 'medium', RESOURCES, 'CWE-799'],
  ['RL-6', 'Honest traffic is never throttled', 'medium', RESOURCES, 'CWE-400'],
  ['RL-7', 'The service stays available under flood', 'medium', RESOURCES, 'CWE-400'],
  ['RL-8', 'Declared HTTP request limits are enforced', 'medium', RESOURCES, 'CWE-770'],
  ['PO-1', 'Platform-owner cross-tenant access requires MFA', 'high', BFLA, 'CWE-308'],
  ['PO-2', 'Platform-owner cross-tenant access is audited', 'high', 'API10:2023 Unsafe Consumption of APIs', 'CWE-778'],
  ['AUD-1', 'Refusals and violations reach the audit sink', 'high', MISCONFIG, 'CWE-778'],
  ['WEB-1', 'CORS allows only the declared origins', 'medium', MISCONFIG, 'CWE-942'],
  ['WEB-2', 'CSP forbids inline script and framing by anyone', 'medium', MISCONFIG, 'CWE-1021'],
  ['WEB-3', 'Websocket upgrades from foreign origins are refused', 'medium', MISCONFIG, 'CWE-1385'],
];

/** Every invariant, in catalogue order. */
export const INVARIANTS: readonly Invariant[] = entries.map(([id, title, severity, owasp, cwe]) => ({
  id,
  family: id.split('-')[0]!,
  title,
  severity,
  owasp,
  cwe,
}));

const byId = new Map(INVARIANTS.map((i) => [i.id, i]));

/** Looks an invariant up by id; throws on an unknown id because that is a programming error. */
export function invariant(id: string): Invariant {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown invariant id ${id}`);
  return found;
}

/** Whether `id` names a catalogued invariant (for validating CLI filters). */
export function isInvariantId(id: string): boolean {
  return byId.has(id);
}
