/**
 * Secret redaction applied to every line any report writes: a report is shared with reviewers and
 * uploaded as a CI artifact, so no token, key or password may survive in it.
 */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g;
const PRIVATE_JWK_MEMBER = /("(?:d|p|q|dp|dq|qi|k)"\s*:\s*)"[^"]*"/g;

export const REDACTED = '[redacted]';

/** Replaces tokens, private keys, JWK private members and database passwords in `text`. */
export function redact(text: string): string {
  return text.replace(PEM, REDACTED).replace(JWT, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}@`).replace(PRIVATE_JWK_MEMBER, `$1"${REDACTED}"`);
}
