import fc from 'fast-check';

/**
 * A validly signed token with one time or audience claim wrong (AUTH-3), as plain data. `id` names
 * the defect with its offset, e.g. `exp:past-leeway+3s`; `family` drops the offset (`exp:past-leeway`)
 * so tallies stay one column per defect.
 */
export interface ClaimDefect {
  id: string;
  family: string;
  claim: 'exp' | 'nbf' | 'iat' | 'iss' | 'aud';
  defect:
    | 'past-leeway'
    | 'future-leeway'
    | 'past-max-age'
    | 'missing'
    | 'not-a-number'
    | 'other'
    | 'case-changed'
    | 'trailing-slash'
    | 'list-without-ours'
    | 'suffixed';
  /** For time defects: seconds beyond the declared bound (the leeway, the future-`iat` tolerance or the maximum age). */
  beyondLeewaySeconds?: number;
}

export interface ClaimDefectOptions {
  /** Whether the contract requires `exp` (a token without one must then be refused). */
  requireExp: boolean;
  /** Whether the service checks a future `iat` (`identity.policy.futureIatToleranceSeconds` not `'unchecked'`). */
  checksFutureIat: boolean;
  /** Whether the service enforces a maximum token age from `iat` (`identity.policy.maxAgeSeconds`). */
  checksMaxAge: boolean;
  /**
   * Smallest offset beyond the leeway that is generated: the harness's and the target's clocks
   * read whole seconds at slightly different moments, so offsets inside this margin prove nothing.
   */
  toleranceSeconds: number;
}

const MAX_OFFSET = 86_400;

type Shape = Pick<ClaimDefect, 'claim' | 'defect'>;
const TIMED: Shape[] = [
  { claim: 'exp', defect: 'past-leeway' },
  { claim: 'nbf', defect: 'future-leeway' },
];

/** The time defects the declared policy says the service refuses. */
function timedShapes(options: ClaimDefectOptions): Shape[] {
  return [
    ...TIMED,
    ...(options.checksFutureIat ? [{ claim: 'iat', defect: 'future-leeway' } as const] : []),
    ...(options.checksMaxAge ? [{ claim: 'iat', defect: 'past-max-age' } as const] : []),
  ];
}
const FIXED: Shape[] = [
  { claim: 'exp', defect: 'not-a-number' },
  { claim: 'iss', defect: 'other' },
  { claim: 'iss', defect: 'missing' },
  { claim: 'iss', defect: 'case-changed' },
  { claim: 'iss', defect: 'trailing-slash' },
  { claim: 'aud', defect: 'other' },
  { claim: 'aud', defect: 'missing' },
  { claim: 'aud', defect: 'case-changed' },
  { claim: 'aud', defect: 'list-without-ours' },
  { claim: 'aud', defect: 'suffixed' },
];

function make(shape: Shape, offset?: number): ClaimDefect {
  const family = `${shape.claim}:${shape.defect}`;
  return offset === undefined ? { ...shape, id: family, family } : { ...shape, id: `${family}+${offset}s`, family, beyondLeewaySeconds: offset };
}

function fixedShapes(options: ClaimDefectOptions): Shape[] {
  if (!Number.isInteger(options.toleranceSeconds) || options.toleranceSeconds < 0) {
    throw new Error(`claimDefect: toleranceSeconds must be a non-negative integer, got ${options.toleranceSeconds}`);
  }
  return options.requireExp ? [{ claim: 'exp', defect: 'missing' }, ...FIXED] : FIXED;
}

/** Every defect once, time defects just past the leeway plus tolerance: the smallest refusal that must hold. */
export function claimDefectRepresentatives(options: ClaimDefectOptions): ClaimDefect[] {
  return [...timedShapes(options).map((shape) => make(shape, options.toleranceSeconds + 1)), ...fixedShapes(options).map((shape) => make(shape))];
}

/**
 * Any AUTH-3 defect: `exp` in the past or `nbf`/`iat` in the future, or `iat` older than the maximum
 * age, by a generated number of seconds beyond the declared bound plus tolerance (shrinking to
 * it), a missing or non-numeric `exp`, a wrong, missing or look-alike `iss` or `aud`; `iat` and a
 * missing `exp` only as the declared policy says the service checks them.
 */
export function claimDefect(options: ClaimDefectOptions): fc.Arbitrary<ClaimDefect> {
  const fixed = fixedShapes(options);
  const min = options.toleranceSeconds + 1;
  return fc.oneof(
    fc
      .record({ shape: fc.constantFrom(...timedShapes(options)), offset: fc.integer({ min, max: MAX_OFFSET }) })
      .map(({ shape, offset }) => make(shape, offset)),
    fc.constantFrom(...fixed).map((shape) => make(shape)),
  );
}
