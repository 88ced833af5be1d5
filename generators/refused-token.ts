import fc from 'fast-check';

/** Kinds of presented-but-invalid token every verifier must refuse (and an audit trail must record). */
export const REFUSED_TOKEN_KINDS = ['expired', 'wrong-audience', 'wrong-issuer', 'bad-signature', 'unknown-key', 'garbage'] as const;
export type RefusedTokenKind = (typeof REFUSED_TOKEN_KINDS)[number];

export interface RefusedTokenBurst {
  kind: RefusedTokenKind;
  /** How many such requests go out at once: counting a burst catches lost or merged audit writes. */
  count: number;
}

/** A burst of 1..maxCount refused tokens of one kind; shrinks towards one expired token. */
export function refusedTokenBurst(maxCount = 3): fc.Arbitrary<RefusedTokenBurst> {
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new Error(`refusedTokenBurst: maxCount must be a positive integer, got ${maxCount}`);
  return fc.record({ kind: fc.constantFrom(...REFUSED_TOKEN_KINDS), count: fc.integer({ min: 1, max: maxCount }) });
}
