import fc from 'fast-check';

/** A request that carries no usable credential; `raw` is placed verbatim where a token would go. */
export interface MissingCredentials {
  id: 'absent' | 'empty' | 'scheme-only' | 'wrong-scheme';
  raw?: string;
}

/** Every way a client shows up without credentials; the scheme variants only for header transport. */
export function missingCredentialVariants(scheme: string | undefined): MissingCredentials[] {
  const variants: MissingCredentials[] = [{ id: 'absent' }, { id: 'empty', raw: '' }];
  if (scheme) variants.push({ id: 'scheme-only', raw: `${scheme} ` }, { id: 'wrong-scheme', raw: 'Basic dGVuYW50cHJvb2Y6eA==' });
  return variants;
}

/** One of {@link missingCredentialVariants}; `absent` comes first so shrinking lands there. */
export function missingCredentials(scheme: string | undefined): fc.Arbitrary<MissingCredentials> {
  return fc.constantFrom(...missingCredentialVariants(scheme));
}
