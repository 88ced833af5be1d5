/**
 * `identity.transport` from an OpenAPI document's security schemes: the document-wide requirement
 * if there is one, else the scheme most operations use. tenantproof is the identity provider and
 * mints JWTs, so only where the token travels is taken from the scheme.
 */
import type { OpenApiOperation, Obj } from './openapi-document.ts';
import { quote } from './ts-source.ts';

export interface DraftTransport {
  /** The scheme's name in the document, when one was chosen. */
  scheme?: string;
  source: string;
  note: string;
}

const BEARER = "{ in: 'header', name: 'authorization', scheme: 'Bearer' }";

export function draftTransport(schemes: Record<string, Obj>, operations: readonly OpenApiOperation[], documentWide: string[] | undefined): DraftTransport {
  const counts = new Map<string, number>();
  for (const o of operations) for (const s of o.schemes ?? []) counts.set(s, (counts.get(s) ?? 0) + 1);
  const chosen = documentWide?.[0] ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const scheme = chosen === undefined ? undefined : schemes[chosen];
  if (chosen === undefined || scheme === undefined) {
    return { source: BEARER, note: 'TODO: the document declares no security scheme: where does the token travel? (header, cookie or query)' };
  }
  const from = `From securitySchemes.${chosen}`;
  const type = scheme['type'];
  if (type === 'apiKey') {
    const name = String(scheme['name']);
    if (scheme['in'] === 'cookie') return { scheme: chosen, source: `{ in: 'cookie', name: ${quote(name)} }`, note: `${from} (apiKey in cookie).` };
    if (scheme['in'] === 'query') return { scheme: chosen, source: `{ in: 'query', name: ${quote(name)} }`, note: `${from} (apiKey in query).` };
    return {
      scheme: chosen,
      source: `{ in: 'header', name: ${quote(name.toLowerCase())}, scheme: '' }`,
      note: `${from} (apiKey in header): the token is the whole header value.`,
    };
  }
  if ((type === 'http' && String(scheme['scheme']).toLowerCase() === 'bearer') || type === 'oauth2' || type === 'openIdConnect') {
    const format = scheme['bearerFormat'];
    const todo = typeof format === 'string' && format.toUpperCase() !== 'JWT' ? ` TODO: bearerFormat is ${format}; tenantproof mints JWTs.` : '';
    const what = type === 'http' ? 'http bearer' : `${String(type)}: the access token as a bearer JWT, tenantproof being the identity provider`;
    return { scheme: chosen, source: BEARER, note: `${from} (${what}).${todo}` };
  }
  const kind = type === 'http' ? `http ${String(scheme['scheme'])}` : String(type);
  return { scheme: chosen, source: BEARER, note: `TODO: securitySchemes.${chosen} is ${kind}; tenantproof sends a JWT: say where it travels.` };
}
