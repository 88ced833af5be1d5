/**
 * The harness as identity provider: signing keys, the serialisable handle, token minting and the
 * JWKS server (reused for attacker-hosted key sets).
 */
export {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_ALGORITHMS,
  HMAC_ALGORITHMS,
  type AsymmetricAlgorithm,
  type HmacAlgorithm,
  type SigningAlgorithm,
} from './algorithms.ts';
export type { IdentityHandle, IdentityMode, SerialisedKey } from './identity-handle.ts';
export { startIdentityProvider, type IdentityProviderOptions, type StartedIdentityProvider } from './identity-provider.ts';
export { startJwksServer, type JwksFetch, type JwksServerOptions, type StartedJwksServer } from './jwks-server.ts';
export { mintToken, type MintOptions } from './mint-token.ts';
export { publishKey, retireKey, type KeyControl } from './key-control.ts';
export { forgeToken, type ForgeContext } from './forge-token.ts';
export { claimDefectToken, type ClaimDefectContext } from './claim-defect-token.ts';
export { generateSigningKey, toPublicJwk, type SigningKey } from './signing-key.ts';
