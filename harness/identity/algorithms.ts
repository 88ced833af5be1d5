/**
 * The JWS algorithms the harness can sign with, split by key type because they travel differently:
 * asymmetric keys are published in the JWKS (or as a PEM), HMAC algorithms use the shared secret.
 */
import { ConfigError } from '../errors/index.ts';

/** Asymmetric JWS algorithms the harness can generate keys for (RFC 7518 §3, RFC 8037, RFC 9864). */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

/** HMAC JWS algorithms, all keyed by the shared secret (RFC 7518 §3.2). */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

/** An asymmetric JWS algorithm a `SigningKey` can carry. */
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** An HMAC JWS algorithm, signed with the identity's shared secret. */
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

/** Any JWS algorithm the harness can sign with. */
export type SigningAlgorithm = AsymmetricAlgorithm | HmacAlgorithm;

/** The algorithms a provider starts with when none are given: the two most targets accept. */
export const DEFAULT_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256'];

/** True for the HMAC family, whose key is the shared secret rather than a key pair. */
export function isHmacAlgorithm(alg: string): alg is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(alg);
}

/** True for the algorithms `generateSigningKey` accepts. */
export function isAsymmetricAlgorithm(alg: string): alg is AsymmetricAlgorithm {
  return (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg);
}

/**
 * Fails with a `ConfigError` naming `path` unless `alg` is one the harness can sign with, so a
 * typo in the contract surfaces before any key is generated.
 */
export function assertSigningAlgorithm(alg: unknown, path: string, source: string): asserts alg is SigningAlgorithm {
  if (typeof alg === 'string' && (isAsymmetricAlgorithm(alg) || isHmacAlgorithm(alg))) return;
  throw new ConfigError([{ path, expected: `one of ${[...ASYMMETRIC_ALGORITHMS, ...HMAC_ALGORITHMS].join(', ')}`, found: JSON.stringify(alg) }], source);
}
