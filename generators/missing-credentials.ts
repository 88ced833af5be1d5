import fc from 'fast-check';

/** A request that carries no usable credential; `raw` is placed verbatim where a token would go. */
export interface MissingCredentials {
  id: 'absent' | 'empty' | 'scheme-only' | 'wrong-scheme';
  raw?: string;
}

/** The ways a client shows up without credentials; `absent` comes first so shrinking lands there. */
export function missingCredentials(scheme: string | undefined): fc.Arbitrary<MissingCredentials> {
  const variants: MissingCredentials[] = [{ id: 'absent' }, { id: 'empty', raw: '' }];
  if (scheme) variants.push({ id: 'scheme-only', raw: `${scheme} ` }, { id: 'wrong-scheme', raw: 'Basic dGVuYW50cHJvb2Y6eA==' });
  return fc.constantFrom(...variants);
}
