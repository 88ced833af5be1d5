/**
 * Judges a Content-Security-Policy header (WEB-2): which of the weaknesses the invariant names it
 * has. A header may carry several policies (comma-joined); the browser enforces all of them, so a
 * weakness counts only when every policy has it.
 */

/** Weaknesses WEB-2 forbids, by stable id. */
export type CspWeakness = 'script-unsafe-inline' | 'script-unsafe-eval' | 'default-src-wildcard' | 'frame-ancestors-wildcard';

type Policy = Map<string, string[]>;

function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // CSP: a repeated directive is ignored after its first occurrence.
    if (name && !policy.has(name.toLowerCase()))
      policy.set(
        name.toLowerCase(),
        sources.map((s) => s.toLowerCase()),
      );
  }
  return policy;
}

function weaknessesOf(policy: Policy): CspWeakness[] {
  const found: CspWeakness[] = [];
  const script = policy.get('script-src') ?? policy.get('default-src');
  // CSP3: with a nonce, a hash or 'strict-dynamic', browsers ignore 'unsafe-inline' (the
  // backwards-compatible pattern), so only a bare 'unsafe-inline' lets injected script run.
  const neutralised = script?.some((s) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic')/.test(s)) ?? false;
  if (script?.includes("'unsafe-inline'") && !neutralised) found.push('script-unsafe-inline');
  if (script?.includes("'unsafe-eval'")) found.push('script-unsafe-eval');
  if (policy.get('default-src')?.includes('*')) found.push('default-src-wildcard');
  if (policy.get('frame-ancestors')?.includes('*')) found.push('frame-ancestors-wildcard');
  return found;
}

/** The weaknesses every policy in `header` shares; empty for a sound policy. */
export function cspWeaknesses(header: string): CspWeakness[] {
  const policies = header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => weaknessesOf(parsePolicy(p)));
  if (policies.length === 0) return [];
  return policies[0]!.filter((w) => policies.every((p) => p.includes(w)));
}
