/**
 * Secret redaction applied to every line any report writes: a report is shared with reviewers and
 * uploaded as a CI artifact, so no token, key or password may survive in it.
 */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g;
/** A flat JSON object naming a `kty` (a JWK), plain or escaped inside a JSON string. */
const JWK_OBJECT = /\{[^{}]*\\?"kty\\?"[^{}]*\}/g;
/**
 * A JWK's private members. Only inside a JWK: `q`, `p`, `d` and `k` are common names elsewhere
 * (`?q=` is a search term, and a redacted one breaks the replay command that carries it).
 */
const PRIVATE_JWK_MEMBER = /(\\?"(?:d|p|q|dp|dq|qi|k)\\?"\s*:\s*)(\\?")[^"\\]*\\?"/g;

export const REDACTED = '[redacted]';

/** Replaces tokens, private keys, JWK private members and database passwords in `text`. */
export function redact(text: string): string {
  return text
    .replace(PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(JWK_OBJECT, (jwk) => jwk.replace(PRIVATE_JWK_MEMBER, `$1$2${REDACTED}$2`));
}
