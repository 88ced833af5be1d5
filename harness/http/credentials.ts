import type { ProbeRequest } from './types.ts';

/** Where a token travels on a request (the contract's `identity.transport`): a header with its scheme, a cookie or a query parameter. */
export type TokenTransport = { in: 'header'; name: string; scheme: string } | { in: 'cookie'; name: string } | { in: 'query'; name: string };

/**
 * Places a token where the contract says the target reads it (header, cookie or query), so that
 * every check is transport-agnostic. A raw `credential` string is placed verbatim (for probes
 * such as an empty bearer or a wrong scheme).
 */
export function withCredentials(req: ProbeRequest, transport: TokenTransport, token: string | undefined, raw?: string): ProbeRequest {
  if (token === undefined && raw === undefined) return req;
  const headers = { ...req.headers };
  const query = { ...req.query };
  switch (transport.in) {
    case 'header':
      headers[transport.name] = raw ?? `${transport.scheme} ${token}`.trim();
      break;
    case 'cookie':
      headers.cookie = [headers.cookie, `${transport.name}=${raw ?? token}`].filter(Boolean).join('; ');
      break;
    case 'query':
      query[transport.name] = raw ?? token!;
      break;
  }
  return { ...req, headers, query };
}
