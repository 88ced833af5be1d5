/**
 * The serialisable description of the identity provider a target trusts: everything a vitest
 * worker needs to mint tokens without talking to the provider process.
 */
import type { SigningKey } from './signing-key.ts';

/** How the target learns the verification key: a JWKS URL, a PEM public key, or an HMAC secret. */
export type IdentityMode = 'jwks' | 'public-key' | 'shared-secret';

/** A signing key as the handle carries it; retired keys stay so tests can mint with them. */
export interface SerialisedKey extends SigningKey {
  /** Published in the JWKS and eligible as the default signing key. */
  active: boolean;
}

/**
 * Plain JSON (it survives `JSON.stringify`), because it crosses from the global setup into vitest
 * workers; `mintToken` is a pure function of it. Keys are ordered newest first.
 */
export interface IdentityHandle {
  issuer: string;
  audience: string;
  mode: IdentityMode;
  jwksUrl?: string;
  keys: SerialisedKey[];
  /** SPKI PEM of the key the target is given in `public-key` mode. */
  publicKeyPem?: string;
  /**
   * The HMAC secret as a base64url string. The HMAC key is the UTF-8 bytes of this string, not its
   * decoded bytes, because that is how targets read a secret from `JWT_SECRET` (jsonwebtoken, PyJWT).
   */
  sharedSecret?: string;
  /**
   * The provider's control endpoint (on its JWKS server) and the random secret that guards it,
   * through which a worker publishes and retires extra keys (`publishKey`, `retireKey`).
   */
  control?: { url: string; secret: string };
}
