/**
 * Where AUTH-2 also places forgeries: the places services commonly fall back to reading a token
 * from, each only when it differs from the contract's transport (placing a token there again
 * would prove nothing new).
 */
import type { Fallback } from '../../generators/token-placement.ts';
import type { TokenTransport } from '../http/credentials.ts';

const FALLBACKS: Record<Fallback, TokenTransport> = {
  'bearer-header': { in: 'header', name: 'authorization', scheme: 'Bearer' },
  'access-token-query': { in: 'query', name: 'access_token' },
};

// Header names and schemes are case-insensitive (RFC 9110 §5.1, §11.1); query parameter names are not.
const same = (a: TokenTransport, b: TokenTransport) =>
  a.in === b.in &&
  (a.in === 'query' ? a.name === b.name : a.name.toLowerCase() === b.name.toLowerCase()) &&
  (a.in !== 'header' || b.in !== 'header' || a.scheme.toLowerCase() === b.scheme.toLowerCase());

/** The fallbacks that differ from `declared`. */
export function fallbacksBesides(declared: TokenTransport): Fallback[] {
  return (Object.keys(FALLBACKS) as Fallback[]).filter((p) => !same(FALLBACKS[p], declared));
}

/** Where `fallback` puts the token on a request. */
export const fallbackTransport = (fallback: Fallback): TokenTransport => FALLBACKS[fallback];
