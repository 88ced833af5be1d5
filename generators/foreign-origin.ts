import fc from 'fast-check';

/** A browser origin outside the declared allow-list, with the trick it plays. */
export interface ForeignOrigin {
  id: string;
  origin: string;
}

/**
 * Origins a careless allow-list check accepts: `null` (sandboxed frames, `file:`), an unrelated
 * site, and for each declared origin its look-alikes: a suffix (`app.example.com.evil.test`
 * passes `startsWith`), a prefix (`evilapp.example.com` passes `endsWith`), a subdomain, another
 * port and the HTTP downgrade. None is in `allowed`.
 */
export function foreignOriginVariants(allowed: readonly string[]): ForeignOrigin[] {
  const variants: ForeignOrigin[] = [
    { id: 'null', origin: 'null' },
    { id: 'unrelated', origin: 'https://attacker.tenantproof-evil.test' },
  ];
  for (const declared of allowed) {
    const url = new URL(declared);
    const host = url.hostname;
    const port = url.port ? `:${url.port}` : '';
    variants.push(
      { id: 'suffix', origin: `${url.protocol}//${host}.tenantproof-evil.test${port}` },
      { id: 'prefix', origin: `${url.protocol}//evil${host}${port}` },
      { id: 'subdomain', origin: `${url.protocol}//evil.${host}${port}` },
      { id: 'other-port', origin: `${url.protocol}//${host}:${url.port === '8443' ? '9443' : '8443'}` },
    );
    if (url.protocol === 'https:') variants.push({ id: 'http-downgrade', origin: `http://${host}${port}` });
  }
  return variants.filter((v) => !allowed.includes(v.origin));
}

/** One of {@link foreignOriginVariants}, or a random HTTPS site; `null` first so shrinking lands there. */
export function foreignOrigin(allowed: readonly string[]): fc.Arbitrary<ForeignOrigin> {
  return fc.oneof(
    fc.constantFrom(...foreignOriginVariants(allowed)),
    fc
      .domain()
      .map((domain) => ({ id: 'random-site', origin: `https://${domain}` }))
      .filter((v) => !allowed.includes(v.origin)),
  );
}
