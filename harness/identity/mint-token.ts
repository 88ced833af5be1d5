/**
 * Mints the JWTs probes carry, valid by default and bendable claim by claim, so that every AUTH
 * and ID attack starts from a token the target would otherwise accept.
 */
import { SignJWT, type CryptoKey, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { isHmacAlgorithm } from './algorithms.ts';
import type { IdentityHandle } from './identity-handle.ts';
import type { SigningKey } from './signing-key.ts';
import { importedPrivateKey, secretKey } from './_internals/key-cache.ts';
import { TenantproofError } from '../errors/index.ts';

/**
 * How to bend a token away from the valid default. Explicit values here win over `claims`, which
 * win over the defaults; `omit` is applied last.
 */
export interface MintOptions {
  /** Lifetime in seconds from `iat` to `exp`; default 300. */
  ttlSeconds?: number;
  /** The clock in seconds since the epoch; default now. Lets time attacks place `iat`/`exp` exactly. */
  now?: number;
  /** Sign with this key of the handle, even a retired one (AUTH-4). */
  kid?: string;
  /** Sign with the newest active key of this algorithm; `HS*` signs with the shared secret. */
  alg?: string;
  /** Sign with a key the handle does not hold, e.g. one the target has never seen (AUTH-2). */
  key?: SigningKey;
  iss?: string;
  aud?: string | string[];
  iat?: number;
  exp?: number;
  nbf?: number;
  /** Claims to leave out, default or given (e.g. `['exp']` for a token that never expires). */
  omit?: readonly string[];
  /** Header parameters to leave out: `kid` (a kid-less token) or `typ`. */
  omitHeader?: ReadonlyArray<'kid' | 'typ'>;
  /**
   * Extra protected header parameters (`jku`, `x5u`, `crit`, ...). `alg` always follows the key,
   * because jose refuses to sign under a mismatched algorithm; hand-built forgeries cover that.
   */
  header?: Record<string, unknown>;
}

interface Signer {
  alg: string;
  kid?: string;
  key: Promise<CryptoKey | Uint8Array>;
}

function identityError(code: string, message: string): TenantproofError {
  return new TenantproofError(code, message);
}

function pickSigner(handle: IdentityHandle, options: MintOptions): Signer {
  if (options.key) {
    return { alg: options.key.alg, kid: options.key.kid, key: importedPrivateKey(options.key.privateJwk, options.key.alg) };
  }
  if (options.kid !== undefined) {
    const found = handle.keys.find((k) => k.kid === options.kid);
    if (!found) {
      throw identityError(
        'IDENTITY_UNKNOWN_KID',
        `no key with kid "${options.kid}" in the identity handle (known: ${handle.keys.map((k) => k.kid).join(', ') || 'none'})`,
      );
    }
    return { alg: found.alg, kid: found.kid, key: importedPrivateKey(found.privateJwk, found.alg) };
  }
  const alg = options.alg ?? (handle.mode === 'shared-secret' ? 'HS256' : undefined);
  if (alg !== undefined && isHmacAlgorithm(alg)) {
    if (!handle.sharedSecret) {
      throw identityError('IDENTITY_NO_SHARED_SECRET', `cannot sign ${alg}: the identity handle has no sharedSecret (mode "${handle.mode}")`);
    }
    return { alg, key: secretKey(handle.sharedSecret, alg) };
  }
  const found = handle.keys.find((k) => k.active && (alg === undefined || k.alg === alg));
  if (!found) {
    const known = handle.keys.map((k) => `${k.kid} ${k.alg}${k.active ? '' : ' (retired)'}`).join(', ') || 'none';
    throw identityError('IDENTITY_NO_ACTIVE_KEY', `no active ${alg ? `${alg} ` : ''}key in the identity handle (keys: ${known})`);
  }
  return { alg: found.alg, kid: found.kid, key: importedPrivateKey(found.privateJwk, found.alg) };
}

/**
 * Signs a JWT for `claims` as the harness's identity provider: `iss`, `aud`, `iat` and `exp` are
 * set from the handle unless bent by `options`. A pure function of the handle, so vitest workers
 * mint without a round trip; imported keys are cached, so minting in bulk is cheap.
 */
export async function mintToken(handle: IdentityHandle, claims: Record<string, unknown>, options: MintOptions = {}): Promise<string> {
  const signer = pickSigner(handle, options);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const iat = options.iat ?? (claims.iat as number | undefined) ?? now;
  const payload: Record<string, unknown> = {
    iss: handle.issuer,
    aud: handle.audience,
    iat,
    exp: iat + (options.ttlSeconds ?? 300),
    ...claims,
  };
  for (const name of ['iss', 'aud', 'iat', 'exp', 'nbf'] as const) {
    if (options[name] !== undefined) payload[name] = options[name];
  }
  for (const name of options.omit ?? []) delete payload[name];

  const header: Record<string, unknown> = { typ: 'JWT', ...(signer.kid === undefined ? {} : { kid: signer.kid }), ...options.header, alg: signer.alg };
  for (const name of options.omitHeader ?? []) delete header[name];
  // jose refuses a `crit` it was not told it understands; declaring them all lets tests send one.
  const crit = Array.isArray(header.crit) ? Object.fromEntries(header.crit.map((name) => [String(name), true])) : undefined;

  return new SignJWT(payload as JWTPayload).setProtectedHeader(header as JWTHeaderParameters).sign(await signer.key, crit ? { crit } : undefined);
}
