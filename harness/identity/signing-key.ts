/**
 * Key pairs the harness signs tokens with, kept as JWKs so they serialise into vitest workers.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { assertSigningAlgorithm, isHmacAlgorithm, type AsymmetricAlgorithm } from './algorithms.ts';
import { ConfigError } from '../errors/index.ts';

/** One asymmetric signing key: its id, algorithm and both halves as JWKs (plain JSON). */
export interface SigningKey {
  kid: string;
  alg: AsymmetricAlgorithm;
  /** Full private JWK, carrying `kid`, `alg` and `use: "sig"`. Never publish it. */
  privateJwk: JWK;
  /** The public members only, ready for a JWKS. */
  publicJwk: JWK;
}

/** JWK members that are private material for RSA, EC, OKP and oct keys (RFC 7518 §6, RFC 8037). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * Returns a copy of `jwk` without its private members, so that what a JWKS serves can never leak
 * the signing key even if the caller hands over a private JWK.
 */
export function toPublicJwk(jwk: JWK): JWK {
  const pub: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete pub[member];
  return pub as JWK;
}

/**
 * Generates a fresh extractable key pair for `alg`; `kid` defaults to the RFC 7638 thumbprint of
 * the public key, the convention most identity providers follow, so ids are unique per key.
 */
export async function generateSigningKey(alg: AsymmetricAlgorithm, kid?: string): Promise<SigningKey> {
  assertSigningAlgorithm(alg, 'alg', 'generateSigningKey');
  if (isHmacAlgorithm(alg)) {
    throw new ConfigError(
      [{ path: 'alg', expected: 'an asymmetric algorithm (HMAC uses the shared secret)', found: JSON.stringify(alg) }],
      'generateSigningKey',
    );
  }
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(privateKey);
  const id = kid ?? (await calculateJwkThumbprint(toPublicJwk(exported), 'sha256'));
  const privateJwk: JWK = { ...exported, kid: id, alg, use: 'sig' };
  return { kid: id, alg, privateJwk, publicJwk: toPublicJwk(privateJwk) };
}
