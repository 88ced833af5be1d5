import fc from 'fast-check';

/** How a would-be cross-tenant token differs from a platform owner's token with MFA. */
export interface PlatformOwnerDefect {
  id: string;
  /** Claims to set over the valid platform-owner claims. */
  set: Record<string, unknown>;
  /** Claims to remove. */
  omit: string[];
}

export interface PlatformOwnerDefectOptions {
  /** Claim that carries the authentication methods, e.g. `amr`. */
  mfaClaim: string;
  /** Its value after a second factor, e.g. `['pwd', 'mfa']`. */
  mfaValue: unknown;
  roleClaim: string;
  /**
   * The role claim of an ordinary user (not platform owner) as a real token carries it (a string,
   * or a list where the contract mints roles as one), if the contract has such a role.
   */
  otherRole?: unknown;
}

const mapStrings = (value: unknown, f: (s: string) => string): unknown =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? f(v) : v)) : typeof value === 'string' ? f(value) : value;

/**
 * Every way a token falls short of "platform owner with a second factor": the MFA claim absent,
 * null, empty, password-only, look-alike values (`no-mfa`, which a substring test accepts),
 * changed case (RFC 8176 values are case-sensitive); and a valid MFA claim on a token whose role
 * is absent or an ordinary one.
 */
export function platformOwnerDefects(o: PlatformOwnerDefectOptions): PlatformOwnerDefect[] {
  const asList = Array.isArray(o.mfaValue);
  const defects: PlatformOwnerDefect[] = [
    { id: 'mfa-absent', set: {}, omit: [o.mfaClaim] },
    { id: 'mfa-null', set: { [o.mfaClaim]: null }, omit: [] },
    { id: 'mfa-empty', set: { [o.mfaClaim]: asList ? [] : '' }, omit: [] },
    { id: 'mfa-password-only', set: { [o.mfaClaim]: asList ? ['pwd'] : 'pwd' }, omit: [] },
    { id: 'mfa-lookalike', set: { [o.mfaClaim]: mapStrings(o.mfaValue, (s) => (s === 'pwd' ? s : `no-${s}`)) }, omit: [] },
    { id: 'mfa-case-changed', set: { [o.mfaClaim]: mapStrings(o.mfaValue, (s) => (s === s.toUpperCase() ? s.toLowerCase() : s.toUpperCase())) }, omit: [] },
    { id: 'role-absent', set: {}, omit: [o.roleClaim] },
  ];
  if (o.otherRole !== undefined) defects.push({ id: 'ordinary-role', set: { [o.roleClaim]: o.otherRole }, omit: [] });
  return defects;
}

/** One of {@link platformOwnerDefects}; `mfa-absent` first so shrinking lands on the plainest case. */
export function platformOwnerDefect(o: PlatformOwnerDefectOptions): fc.Arbitrary<PlatformOwnerDefect> {
  return fc.constantFrom(...platformOwnerDefects(o));
}
