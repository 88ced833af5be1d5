/**
 * Imported signing keys, memoised per key material: importing a JWK costs far more than signing
 * with it, and workers mint thousands of tokens from the same handle.
 */
import { importJWK, type CryptoKey, type JWK } from 'jose';

const MAX_ENTRIES = 256;
const cache = new Map<string, Promise<CryptoKey | Uint8Array>>();

function remember(id: string, load: () => Promise<CryptoKey | Uint8Array>): Promise<CryptoKey | Uint8Array> {
  const hit = cache.get(id);
  if (hit) return hit;
  // Handles are rebuilt from JSON in each worker, so the id is the key material itself, not an
  // object identity; a kid alone could collide between two providers.
  const pending = load();
  pending.catch(() => cache.delete(id));
  cache.set(id, pending);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return pending;
}

/** The private key of `jwk` imported for `alg`, cached by algorithm, kid and private member. */
export function importedPrivateKey(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
  return remember(`${alg}\u0000${jwk.kid ?? ''}\u0000${jwk.d ?? ''}`, () => importJWK(jwk, alg));
}

/**
 * The HMAC key for `secret` and `alg` (HS256/384/512): its UTF-8 bytes, as targets read a secret
 * from the environment. Imported once, since jose would otherwise import raw bytes on every sign.
 */
export function secretKey(secret: string, alg: string): Promise<CryptoKey | Uint8Array> {
  return remember(`${alg}\u0000oct\u0000${secret}`, () =>
    crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, ['sign']),
  );
}
