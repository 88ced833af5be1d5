import fc from 'fast-check';

/**
 * A forged token as plain data: which forgery (`id`, stable, e.g. `alg-none:None` or
 * `hs-confusion:pem`) and the parameters it varies. Turning it into a token string needs keys and
 * async crypto, so that is `forgeToken` in harness/identity, not part of the arbitrary.
 */
export type ForgeryRecipe =
  /** `alg` set to a spelling of `none`; the signature emptied or the original kept. */
  | { id: string; family: 'alg-none'; spelling: string; keepSignature: boolean }
  /** A valid token whose signature is emptied, cut short or has one bit flipped. */
  | { id: string; family: 'signature'; defect: 'empty' | 'truncated' | 'bit-flip'; bit: number }
  /** Signed by a key the target never saw, carrying the target's kid, a random kid or none. */
  | { id: string; family: 'unknown-key'; alg: string; kid: 'target' | 'random' | 'absent' }
  /** HMAC-signed with the target's public key as the secret (RFC 8725 §2.1), in one of its textual forms. */
  | { id: string; family: 'hs-confusion'; alg: 'HS256' | 'HS384' | 'HS512'; form: 'pem' | 'pem-newline' | 'der' | 'jwk'; keyAlg: string }
  /** Signed by the attacker's key, which travels in the header itself: `jwk`, or a URL (`jku`, `x5u`) on the attacker JWKS. */
  | { id: string; family: 'embedded-key'; header: 'jwk' | 'jku' | 'x5u'; path: string }
  /** `kid` that steers a key lookup: a path to a file of known content, or SQL yielding a chosen key. */
  | { id: string; family: 'kid-injection'; attack: 'path-traversal' | 'sql'; depth: number; secret: string }
  /** A claim changed after signing, the original signature kept. */
  | { id: string; family: 'tampered-payload'; claim: 'tenant' | 'user' | 'role' | 'exp' }
  /** The header names `alg` twice, one of them `none`, the signature stripped. */
  | { id: string; family: 'duplicate-alg'; noneLast: boolean }
  /** Validly signed, but `crit` lists an extension nobody understands (RFC 7515 §4.1.11). */
  | { id: string; family: 'crit'; extension: string }
  /** Not a well-formed JWS, or one far larger than any real token. */
  | { id: string; family: 'malformed'; shape: MalformedShape; size: number }
  /** ECDSA signature r = s = 0 (CVE-2022-21449) under the target's ES* key. */
  | { id: string; family: 'psychic'; alg: 'ES256' | 'ES384' | 'ES512' };

export type MalformedShape = 'two-segments' | 'four-segments' | 'not-base64' | 'header-not-json' | 'payload-not-json' | 'payload-array' | 'oversized';

/** What the target is declared to accept, which decides the forgeries that make sense. */
export interface ForgedTokenOptions {
  /** The contract's `identity.algorithms`. */
  algorithms: readonly string[];
  /** In `shared-secret` mode HS* is the real algorithm, so HMAC key confusion does not apply. */
  sharedSecret: boolean;
}

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE'];
const HMAC = ['HS256', 'HS384', 'HS512'] as const;
const HS_FORMS = ['pem', 'pem-newline', 'der', 'jwk'] as const;
const MALFORMED: MalformedShape[] = ['two-segments', 'four-segments', 'not-base64', 'header-not-json', 'payload-not-json', 'payload-array', 'oversized'];
/** Oversized tokens stay under 16 KiB of header, the usual server limit, so a refusal is the verifier's. */
const OVERSIZED = { min: 9 * 1024, max: 14 * 1024 };

function validate(options: ForgedTokenOptions): { asymmetric: string[]; ecdsa: Array<'ES256' | 'ES384' | 'ES512'> } {
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
    throw new Error(`forgedToken: algorithms must list the contract's algorithms, got ${JSON.stringify(options.algorithms)}`);
  }
  const asymmetric = options.algorithms.filter((a) => !a.startsWith('HS'));
  const ecdsa = asymmetric.filter((a): a is 'ES256' | 'ES384' | 'ES512' => a === 'ES256' || a === 'ES384' || a === 'ES512');
  return { asymmetric, ecdsa };
}

/**
 * One canonical forgery of every family and variant that applies, in order of simplicity: the
 * examples every protected operation meets before any random case.
 */
export function forgedTokenRepresentatives(options: ForgedTokenOptions): ForgeryRecipe[] {
  const { asymmetric, ecdsa } = validate(options);
  const keyAlg = asymmetric[0];
  return [
    ...NONE_SPELLINGS.map((spelling) => ({ id: `alg-none:${spelling}`, family: 'alg-none' as const, spelling, keepSignature: false })),
    ...(['empty', 'truncated', 'bit-flip'] as const).map((defect) => ({ id: `signature:${defect}`, family: 'signature' as const, defect, bit: 0 })),
    ...(keyAlg ? [{ id: 'unknown-key:target-kid', family: 'unknown-key' as const, alg: keyAlg, kid: 'target' as const }] : []),
    ...(keyAlg && !options.sharedSecret
      ? HS_FORMS.map((form) => ({ id: `hs-confusion:${form}`, family: 'hs-confusion' as const, alg: 'HS256' as const, form, keyAlg }))
      : []),
    ...(['jwk', 'jku', 'x5u'] as const).map((header) => ({ id: `embedded-key:${header}`, family: 'embedded-key' as const, header, path: '/jwks.json' })),
    { id: 'kid:path-traversal', family: 'kid-injection', attack: 'path-traversal', depth: 3, secret: '' },
    { id: 'kid:sql', family: 'kid-injection', attack: 'sql', depth: 0, secret: 'tenantproof' },
    ...(['tenant', 'user', 'role', 'exp'] as const).map((claim) => ({ id: `tampered-payload:${claim}`, family: 'tampered-payload' as const, claim })),
    { id: 'duplicate-alg:none-last', family: 'duplicate-alg', noneLast: true },
    { id: 'duplicate-alg:none-first', family: 'duplicate-alg', noneLast: false },
    { id: 'crit:unknown-extension', family: 'crit', extension: 'tp-unknown' },
    ...MALFORMED.map((shape) => ({ id: `malformed:${shape}`, family: 'malformed' as const, shape, size: OVERSIZED.min })),
    ...ecdsa.map((alg) => ({ id: `psychic:${alg}`, family: 'psychic' as const, alg })),
  ];
}

/**
 * Any forgery of the AUTH-2 catalogue with generated parameters (`none` spellings in any case,
 * flipped bit positions, HMAC variants and key forms, kid injection depths and secrets, header
 * URL paths, oversize lengths). Families come in order of simplicity, so shrinking moves towards
 * `alg-none`, and within a family towards the canonical representative.
 */
export function forgedToken(options: ForgedTokenOptions): fc.Arbitrary<ForgeryRecipe> {
  const { asymmetric, ecdsa } = validate(options);
  const families: Array<fc.Arbitrary<ForgeryRecipe>> = [
    fc.record({ spelling: fc.mixedCase(fc.constant('none')), keepSignature: fc.boolean() }).map(({ spelling, keepSignature }) => ({
      id: `alg-none:${NONE_SPELLINGS.includes(spelling) ? spelling : 'mixed-case'}`,
      family: 'alg-none',
      spelling,
      keepSignature,
    })),
    fc
      .record({ defect: fc.constantFrom('empty' as const, 'truncated' as const, 'bit-flip' as const), bit: fc.nat({ max: 4095 }) })
      .map(({ defect, bit }) => ({ id: `signature:${defect}`, family: 'signature', defect, bit })),
    fc
      .record({
        header: fc.constantFrom('jwk' as const, 'jku' as const, 'x5u' as const),
        path: fc.constantFrom('/jwks.json', '/.well-known/jwks.json', '/keys', '/x509.pem'),
      })
      .map(({ header, path }) => ({ id: `embedded-key:${header}`, family: 'embedded-key', header, path })),
    fc
      .record({
        attack: fc.constantFrom('path-traversal' as const, 'sql' as const),
        depth: fc.integer({ min: 1, max: 8 }),
        secret: fc.string({ unit: fc.constantFrom(...'abcdefxyz0123456789'), maxLength: 12 }),
      })
      .map(({ attack, depth, secret }) => ({ id: `kid:${attack}`, family: 'kid-injection', attack, depth, secret: attack === 'sql' ? secret || 'x' : '' })),
    fc
      .constantFrom('tenant' as const, 'user' as const, 'role' as const, 'exp' as const)
      .map((claim) => ({ id: `tampered-payload:${claim}`, family: 'tampered-payload', claim })),
    fc.boolean().map((noneLast) => ({ id: `duplicate-alg:${noneLast ? 'none-last' : 'none-first'}`, family: 'duplicate-alg', noneLast })),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/).map((name) => ({ id: 'crit:unknown-extension', family: 'crit', extension: `tp-${name}` })),
    fc
      .record({ shape: fc.constantFrom(...MALFORMED), size: fc.integer(OVERSIZED) })
      .map(({ shape, size }) => ({ id: `malformed:${shape}`, family: 'malformed', shape, size })),
  ];
  if (asymmetric.length > 0) {
    families.push(
      fc
        .record({ alg: fc.constantFrom(...asymmetric), kid: fc.constantFrom('target' as const, 'random' as const, 'absent' as const) })
        .map(({ alg, kid }) => ({ id: `unknown-key:${kid}-kid`, family: 'unknown-key', alg, kid })),
    );
    if (!options.sharedSecret) {
      families.push(
        fc
          .record({ alg: fc.constantFrom(...HMAC), form: fc.constantFrom(...HS_FORMS), keyAlg: fc.constantFrom(...asymmetric) })
          .map(({ alg, form, keyAlg }) => ({ id: `hs-confusion:${form}`, family: 'hs-confusion', alg, form, keyAlg })),
      );
    }
  }
  if (ecdsa.length > 0) families.push(fc.constantFrom(...ecdsa).map((alg) => ({ id: `psychic:${alg}`, family: 'psychic', alg })));
  return fc.oneof(...families);
}
