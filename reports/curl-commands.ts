/**
 * Copy-paste curl commands that resend a counterexample's requests to a running target. No token
 * is ever written: the credential is `$TP_TOKEN`, placed where the contract says the target reads
 * it (or where the step says it travelled), and a comment gives the claims the user's own identity
 * provider must mint it with.
 */
import type { Exchange, Violation } from './verdict.ts';

/**
 * What the commands need of the contract's `identity`: where the target reads a token, which
 * claims name the actor, and whether `extraClaims` adds more (a `ResolvedConfig['identity']` is one).
 */
export interface CurlIdentity {
  transport: NonNullable<Exchange['tokenIn']>;
  claims: { user: string; tenant: string; role: string };
  extraClaims?: unknown;
}

const NOT_HTTP = new Set(['SQL', 'SEED']);

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

type Sender = NonNullable<Violation['actor']>;

/**
 * Curl commands (with comment lines) for every step of `violation`. A step sent by another actor
 * than the violation's (a sequence, a burst) gets a token variable of its own: `$TP_TOKEN_2`, ...
 */
export function curlCommands(violation: Violation, identity: CurlIdentity): string[] {
  const lines: string[] = [];
  const senders: Sender[] = [];
  const variableOf = (actor: Sender | undefined) => {
    if (!actor) return 'TP_TOKEN';
    let i = senders.findIndex((s) => s.user === actor.user && s.tenant === actor.tenant);
    if (i < 0) i = senders.push(actor) - 1;
    return i === 0 ? 'TP_TOKEN' : `TP_TOKEN_${i + 1}`;
  };
  variableOf(violation.actor);
  for (const step of violation.steps) variableOf(step.actor);
  // extraClaims may retype or add claims (a numeric tenant id, a roles array): the token must carry what the contract mints.
  const extra = identity.extraClaims ? ", then as the contract's identity.extraClaims(actor) adds or overrides" : '';
  senders.forEach((actor, i) => {
    const claims = {
      [identity.claims.user]: actor.user,
      [identity.claims.tenant]: actor.tenant,
      ...(actor.role ? { [identity.claims.role]: actor.role } : {}),
    };
    lines.push(`# ${variableOf(actor)}: a token for ${i === 0 ? 'the actor' : 'another actor of the sequence'}, claims ${JSON.stringify(claims)}${extra}`);
  });
  // Statements on the application's own database connection (SQL) and rows the harness seeded are not requests to resend.
  for (const step of violation.steps.filter((s) => !NOT_HTTP.has(s.request.method))) {
    const transport = step.tokenIn ?? identity.transport;
    const token = `$${variableOf(step.actor ?? violation.actor)}`;
    const { method, path, query, headers, body } = step.request;
    const params = new URLSearchParams(query ?? {});
    if (transport.in === 'query') params.set(transport.name, '__TP_TOKEN__');
    const qs = params.toString();
    // Quote every literal piece and leave the two variables for the shell to expand.
    const url = `"$TP_BASE_URL"${`${path}${qs ? `?${qs}` : ''}`
      .split('__TP_TOKEN__')
      .map((p) => (p ? sh(p) : ''))
      .join(`"${token}"`)}`;
    const parts = ['curl', '-sS', '-i', '-X', method, url];
    if (transport.in === 'header') parts.push('-H', `"${transport.name}: ${transport.scheme ? `${transport.scheme} ` : ''}${token}"`);
    if (transport.in === 'cookie') parts.push('--cookie', `"${transport.name}=${token}"`);
    for (const [name, value] of Object.entries(headers ?? {})) parts.push('-H', sh(`${name}: ${value}`));
    // As the harness sent it: a string body verbatim, anything else as JSON with its content type unless the request set one.
    const typed = Object.keys(headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
    if (typeof body === 'string') parts.push('--data-raw', sh(body));
    else if (body !== undefined) parts.push(...(typed ? [] : ['-H', sh('content-type: application/json')]), '--data-raw', sh(JSON.stringify(body)));
    if (step.note) lines.push(`# ${step.note.replace(/\n/g, ' ')}`);
    lines.push(parts.join(' '));
  }
  return lines;
}
