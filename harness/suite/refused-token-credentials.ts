/**
 * Materialises a {@link RefusedTokenKind} as credentials for an actor: presented, well placed and
 * invalid (expired beyond the leeway, wrong audience or issuer, signed by a key the target never
 * saw, a flipped signature bit, or not a JWT at all).
 */
import type { RefusedTokenKind } from '../../generators/refused-token.ts';
import type { SigningKey } from '../identity/index.ts';
import type { UserRecord } from '../provision/world.ts';
import type { Credentials, SuiteContext } from './suite-context.ts';

/** Credentials of `kind` for `actor`; `key` supplies the foreign signing key (made once, lazily, by the caller). */
export async function refusedTokenCredentials(
  ctx: SuiteContext,
  kind: RefusedTokenKind,
  actor: UserRecord,
  key: () => Promise<SigningKey>,
): Promise<Credentials> {
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'expired':
      return { actor, mint: { now: now - 3600 - ctx.config.identity.leewaySeconds, ttlSeconds: 60 } };
    case 'wrong-audience':
      return { actor, mint: { aud: 'https://not-this-service.tenantproof.test' } };
    case 'wrong-issuer':
      return { actor, mint: { iss: 'https://attacker-idp.tenantproof.test/' } };
    case 'unknown-key':
      return { actor, mint: { key: await key() } };
    case 'bad-signature': {
      const token = await ctx.token(actor);
      const [head, body, signature] = token.split('.');
      // Flipping one character in the middle keeps it valid base64url of the same length.
      const i = Math.floor(signature!.length / 2);
      const flipped = signature!.slice(0, i) + (signature![i] === 'A' ? 'B' : 'A') + signature!.slice(i + 1);
      return { token: `${head}.${body}.${flipped}` };
    }
    case 'garbage':
      return { token: 'not-a-jwt' };
  }
}
