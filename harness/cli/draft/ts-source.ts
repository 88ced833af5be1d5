/** Small pieces of TypeScript source the drafts write. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A single-quoted string literal. */
export function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** `name` as an object key: bare when it is an identifier. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** Property access on `target`: `x.name`, or `x['my-name']`; `?.` when `optional`. */
export function memberAccess(target: string, name: string, optional = false): string {
  const dot = optional ? '?.' : '.';
  return IDENTIFIER.test(name) ? `${target}${dot}${name}` : `${target}${optional ? '?.' : ''}[${quote(name)}]`;
}
