/**
 * The identity provider the harness plays for the target: it owns the signing keys, serves them as
 * a JWKS (or hands out a PEM or a secret), and rotates or retires keys on demand for AUTH-4.
 */
import { randomBytes } from 'node:crypto';
import { base64url, exportSPKI, importJWK, type CryptoKey, type JWK } from 'jose';
import { assertSigningAlgorithm, DEFAULT_ALGORITHMS, isHmacAlgorithm, type AsymmetricAlgorithm } from './algorithms.ts';
import type { IdentityHandle, IdentityMode, SerialisedKey } from './identity-handle.ts';
import { CONTROL_PATH, startJwksServer, type JwksFetch, type JwksServerOptions } from './jwks-server.ts';
import { parseKeyControl } from './key-control.ts';
import { generateSigningKey, toPublicJwk, type SigningKey } from './signing-key.ts';
import { ConfigError, TenantproofError } from '../errors/index.ts';

/** What the provider is and how the target will verify its tokens. */
export interface IdentityProviderOptions {
  issuer: string;
  audience: string;
  mode: IdentityMode;
  /** One key is generated per asymmetric algorithm, in order (the first signs by default); `HS*` asks for a shared secret. Default RS256, ES256. */
  algorithms?: readonly string[];
  /** Passed to the JWKS server (host, path, cache header). */
  jwks?: Omit<JwksServerOptions, 'name'>;
}

/** A running identity provider. */
export interface StartedIdentityProvider {
  readonly issuer: string;
  readonly audience: string;
  readonly mode: IdentityMode;
  /** Where the JWK Set of active keys is served (always running, whatever the mode). */
  readonly jwksUrl: string;
  /** SPKI PEM of the first key generated, the one a `public-key` target is given; kept across rotations. */
  readonly publicKeyPem: string | undefined;
  /** The HMAC secret (base64url text, used as UTF-8 bytes) when the mode or algorithms need one. */
  readonly sharedSecret: string | undefined;
  /** A fresh serialisable snapshot for `mintToken` and for vitest workers. */
  handle(): IdentityHandle;
  /** How many requests the JWKS server received. */
  fetchCount(): number;
  /** Every request the JWKS server received (time, path, user agent). */
  fetchLog(): JwksFetch[];
  /** Publishes a new key for `alg` (default: the current signing key's) that becomes the default signer. */
  rotate(alg?: AsymmetricAlgorithm): Promise<SigningKey>;
  /** Removes `kid` from the JWKS but keeps it in the handle, inactive, so tests can still sign with it. */
  retire(kid: string): void;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const SOURCE = 'startIdentityProvider options';

function validate(options: IdentityProviderOptions): string[] {
  const issues: Array<{ path: string; expected: string; found: string }> = [];
  for (const key of ['issuer', 'audience'] as const) {
    if (typeof options[key] !== 'string' || options[key].length === 0)
      issues.push({ path: key, expected: 'a non-empty string', found: JSON.stringify(options[key]) });
  }
  if (!['jwks', 'public-key', 'shared-secret'].includes(options.mode)) {
    issues.push({ path: 'mode', expected: '"jwks", "public-key" or "shared-secret"', found: JSON.stringify(options.mode) });
  }
  if (issues.length > 0) throw new ConfigError(issues, SOURCE);
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  algorithms.forEach((alg, i) => assertSigningAlgorithm(alg, `algorithms[${i}]`, SOURCE));
  if (options.mode !== 'shared-secret' && !algorithms.some((alg) => !isHmacAlgorithm(alg))) {
    throw new ConfigError([{ path: 'algorithms', expected: `an asymmetric algorithm for mode "${options.mode}"`, found: JSON.stringify(algorithms) }], SOURCE);
  }
  return algorithms;
}

/**
 * Generates the keys, starts the JWKS server on loopback and returns the provider. Keys are made
 * per run, never stored, so no secret outlives the run or lands in the repository.
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<StartedIdentityProvider> {
  const algorithms = validate(options);
  const asymmetric = [...new Set(algorithms.filter((alg): alg is AsymmetricAlgorithm => !isHmacAlgorithm(alg)))];
  const generated = await Promise.all(asymmetric.map((alg) => generateSigningKey(alg)));
  const keys: SerialisedKey[] = generated.map((key) => ({ ...key, active: true }));
  const first = keys[0];
  const publicKeyPem = first ? await exportSPKI((await importJWK(first.publicJwk, first.alg)) as CryptoKey) : undefined;
  const sharedSecret = options.mode === 'shared-secret' || algorithms.some(isHmacAlgorithm) ? base64url.encode(randomBytes(32)) : undefined;

  // Keys published by a worker through the control endpoint: public halves only, the worker keeps the private one.
  let extra: JWK[] = [];
  const published = () => [...keys.filter((k) => k.active).map((k) => k.publicJwk), ...extra];
  const controlSecret = base64url.encode(randomBytes(32));
  const server = await startJwksServer(published(), {
    ...options.jwks,
    name: `identity provider ${options.issuer}`,
    control: {
      secret: controlSecret,
      apply: (body) => {
        const { publish, retire } = parseKeyControl(body);
        if (publish) extra = [...extra.filter((k) => k.kid !== publish.kid), toPublicJwk(publish)];
        if (retire) extra = extra.filter((k) => k.kid !== retire);
        server.setKeys(published());
      },
    },
  });
  const stop = () => server.stop();

  return {
    issuer: options.issuer,
    audience: options.audience,
    mode: options.mode,
    jwksUrl: server.jwksUrl,
    publicKeyPem,
    sharedSecret,
    handle: () =>
      structuredClone({
        issuer: options.issuer,
        audience: options.audience,
        mode: options.mode,
        jwksUrl: server.jwksUrl,
        keys,
        ...(publicKeyPem ? { publicKeyPem } : {}),
        ...(sharedSecret ? { sharedSecret } : {}),
        control: { url: `${server.url}${CONTROL_PATH}`, secret: controlSecret },
      }),
    fetchCount: () => server.fetchCount(),
    fetchLog: () => server.fetchLog(),
    rotate: async (alg) => {
      const chosen = alg ?? keys.find((k) => k.active)?.alg ?? asymmetric[0] ?? 'RS256';
      const key = await generateSigningKey(chosen);
      // Newest first: mintToken signs with the first active key.
      keys.unshift({ ...key, active: true });
      server.setKeys(published());
      return key;
    },
    retire: (kid) => {
      const key = keys.find((k) => k.kid === kid);
      if (!key)
        throw new TenantproofError(
          'IDENTITY_UNKNOWN_KID',
          `cannot retire kid "${kid}": the identity provider has ${keys.map((k) => k.kid).join(', ') || 'no keys'}`,
        );
      key.active = false;
      server.setKeys(published());
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
