/**
 * Judges the CORS headers of one response to a request from `origin` (WEB-1): a browser lets the
 * calling page read the response when `Access-Control-Allow-Origin` names its origin (or `*`), so
 * the grant must name only declared origins, never `null`, never `*` together with credentials
 * (browsers refuse it, and servers that send it often reflect instead), and, in production, only
 * HTTPS origins.
 */

export interface CorsExchange {
  /** The Origin the request carried. */
  origin: string;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

export interface CorsPolicy {
  allowedOrigins: readonly string[];
  production: boolean;
}

/** What is wrong with the grant in `exchange`; empty when the response is acceptable. */
export function corsProblems(exchange: CorsExchange, policy: CorsPolicy): string[] {
  const granted = exchange.headers['access-control-allow-origin']?.trim();
  if (granted === undefined || granted === '') return [];
  const credentials = exchange.headers['access-control-allow-credentials']?.trim().toLowerCase() === 'true';
  const problems: string[] = [];
  if (granted === '*') {
    if (credentials) problems.push('Access-Control-Allow-Origin: * together with Allow-Credentials: true');
    return problems;
  }
  if (granted.toLowerCase() === 'null') problems.push('the null origin is granted');
  else if (!policy.allowedOrigins.includes(granted)) {
    problems.push(granted === exchange.origin ? `the undeclared origin ${granted} is reflected` : `the undeclared origin ${granted} is granted`);
  }
  if (policy.production && /^http:/i.test(granted)) problems.push(`the non-HTTPS origin ${granted} is granted in production`);
  return problems;
}
