/**
 * The object literal a drafted create or update sends: the canary goes into every free-text field
 * it fits in (a leak is found wherever the service echoes it), other required fields get the
 * description's example or a typed placeholder, and optional ones are left out.
 */
import type { FieldInfo } from './draft-model.ts';
import { propertyName } from './ts-source.ts';

/** Long enough for `${text} ${canary}` (a filler sentence of at most ~130 characters and a ~22-character canary). */
const SENTENCE_LENGTH = 200;
/** Long enough for the canary alone. */
const CANARY_LENGTH = 32;
/** Formats that constrain a string to something other than free text. */
const FREE_TEXT_FORMATS = new Set([undefined, 'text', 'markdown', 'html']);
/** References to other records (`author_id`, `orgId`), never free text. */
const REFERENCE = /(^|_)id$|[a-z]Id$/;
const SENTENCE = '`${text} ${canary}`';

export interface FieldsLiteral {
  /** TypeScript source of the object literal, and of each of its entries. */
  source: string;
  entries: string[];
  /** The fields it sets. */
  names: string[];
  /** Whether it uses the builder's `canary` and `text` arguments. */
  usesCanary: boolean;
  usesText: boolean;
  todos: string[];
}

/**
 * The literal for `fields`. When none can carry the canary, `fallback` names a field to invent
 * (with a TODO); without one the literal goes without, and `usesCanary` says so.
 */
export function canaryFields(fields: readonly FieldInfo[], fallback?: string): FieldsLiteral {
  const entries: string[] = [];
  const names: string[] = [];
  const todos: string[] = [];
  for (const field of fields) {
    const value = valueFor(field);
    if (value === undefined) continue;
    if (value.placeholder) todos.push(`TODO: ${field.name} is required and the description gives no example: set a real value.`);
    names.push(field.name);
    entries.push(`${propertyName(field.name)}: ${value.source}`);
  }
  let usesCanary = entries.some((e) => e.includes('canary'));
  if (!usesCanary && fallback !== undefined) {
    todos.push(`TODO: no free-text field to carry the canary was found; ${fallback} is a guess: name a field the service stores and returns.`);
    names.push(fallback);
    entries.push(`${propertyName(fallback)}: ${SENTENCE}`);
    usesCanary = true;
  }
  return { source: `{ ${entries.join(', ')} }`, entries, names, usesCanary, usesText: entries.some((e) => e.includes('${text}')), todos };
}

function valueFor(field: FieldInfo): { source: string; placeholder?: boolean } | undefined {
  if (field.kind === 'string' && FREE_TEXT_FORMATS.has(field.format) && !REFERENCE.test(field.name)) {
    const max = field.maxLength ?? Infinity;
    if (max >= SENTENCE_LENGTH) return { source: SENTENCE };
    if (max >= CANARY_LENGTH) return { source: 'canary' };
  }
  if (!field.required) return undefined;
  if (field.example !== undefined) return { source: JSON.stringify(field.example) };
  return { source: placeholder(field), placeholder: true };
}

function placeholder(field: FieldInfo): string {
  if (field.kind === 'number' || field.kind === 'integer') return '1';
  if (field.kind === 'boolean') return 'false';
  if (field.kind !== 'string') return 'null';
  if (field.format === 'email') return "'someone@example.test'";
  if (field.format === 'uuid') return "'00000000-0000-4000-8000-000000000000'";
  if (field.format === 'date-time') return "'2024-01-01T00:00:00Z'";
  if (field.format === 'date') return "'2024-01-01'";
  return "'TODO'";
}
