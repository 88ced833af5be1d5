/**
 * Key rotation from a vitest worker: the identity provider runs in the main process, so a worker
 * publishes or retires an extra key through the provider's control endpoint (loopback, guarded by
 * the random secret in the identity handle). The provider's own signing keys are never touched, so
 * other suites keep minting while AUTH-4 rotates.
 */
import type { JWK } from 'jose';
import type { IdentityHandle } from './identity-handle.ts';
import { TenantproofError } from '../errors/index.ts';

/** One control request: publish a public JWK (with a `kid`) and/or retire a kid published that way. */
export interface KeyControl {
  publish?: JWK;
  retire?: string;
}

/** Validates a control request body; throws with what was wrong. */
export function parseKeyControl(body: unknown): KeyControl {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const publish = b.publish as JWK | undefined;
  if (publish !== undefined && (typeof publish !== 'object' || typeof publish.kid !== 'string' || typeof publish.kty !== 'string')) {
    throw new Error('publish must be a JWK with kty and kid');
  }
  if (b.retire !== undefined && typeof b.retire !== 'string') throw new Error('retire must be a kid');
  if (publish === undefined && b.retire === undefined) throw new Error('nothing to publish or retire');
  return { publish, retire: b.retire as string | undefined };
}

async function send(handle: IdentityHandle, request: KeyControl): Promise<void> {
  if (!handle.control) throw new TenantproofError('IDENTITY_NO_CONTROL', 'the identity handle has no control endpoint to publish or retire keys');
  const res = await fetch(handle.control.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${handle.control.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (res.status !== 204)
    throw new TenantproofError('IDENTITY_CONTROL_FAILED', `the identity provider refused the key change: ${res.status} ${await res.text()}`);
}

/** Adds `jwk` (its public members only are served) to the JWKS the target reads. */
export function publishKey(handle: IdentityHandle, jwk: JWK): Promise<void> {
  return send(handle, { publish: jwk });
}

/** Removes a key published with {@link publishKey} from the JWKS. */
export function retireKey(handle: IdentityHandle, kid: string): Promise<void> {
  return send(handle, { retire: kid });
}
