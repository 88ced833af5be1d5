/**
 * The keys of the contract, read off the JSON Schema that z.toJSONSchema writes for it: one entry
 * per dotted path, with its type, default and documentation. The walk is generic over the shapes
 * that JSON Schema uses (properties, records, arrays, unions), so a key added to the zod schema
 * is listed without anyone naming it here.
 */
import { FUNCTION_KEYWORD, SNIPPET_KEYWORD } from '../schema-primitives.ts';

/** The part of a JSON Schema (draft 2020-12, as z.toJSONSchema writes it) the walk reads. */
export interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  [FUNCTION_KEYWORD]?: string;
  [SNIPPET_KEYWORD]?: string;
}

export interface ContractKey {
  /** `identity.policy.maxAgeSeconds`; `<name>` stands for a name the user chooses, `[]` for each item of a list. */
  path: string;
  /** The form of a discriminated union this key belongs to, e.g. `in: 'cookie'`. */
  when?: string;
  type: string;
  hasDefault: boolean;
  default?: unknown;
  required: boolean;
  /** A key that takes a function and no string: its string examples are TypeScript source, not values. */
  examplesAreSource: boolean;
  /** An object whose keys are listed on their own. */
  isSection: boolean;
  description?: string;
  examples: unknown[];
  snippet?: string;
}

/** Every key of the schema, parents before their children, in declaration order. */
export function contractKeys(root: SchemaNode): ContractKey[] {
  const keys: ContractKey[] = [];
  const visit = (node: SchemaNode, path: string, required: boolean, when: string | undefined) => {
    keys.push(keyOf(node, path, required, when));
    children(node, path, when);
  };
  const children = (node: SchemaNode, path: string, when: string | undefined) => {
    const unsupported = (['$ref', 'allOf', 'not', 'if'] as const).find((k) => k in node);
    if (unsupported) throw new Error(`contract docs: ${path || '(root)'} uses ${unsupported}, which the key walk does not read`);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      visit(child, path ? `${path}.${name}` : name, node.required?.includes(name) ?? false, when);
    }
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${path}.<name>`, false, when);
    if (node.items) children(node.items, `${path}[]`, when);
    const branches = node.oneOf ?? node.anyOf;
    if (!branches) return;
    const tag = discriminator(branches);
    if (tag) {
      const tags = branches.map((b) => b.properties![tag]!);
      const described = tags.find((t) => t.description) ?? tags[0]!;
      keys.push({ ...keyOf(described, `${path}.${tag}`, true, when), type: tags.map((t) => literal(t.const)).join(' | ') });
    }
    for (const branch of branches) {
      if (!tag) {
        children(branch, path, when);
        continue;
      }
      const { [tag]: tagNode, ...rest } = branch.properties!;
      children({ ...branch, properties: rest }, path, `${tag}: ${literal(tagNode!.const)}`);
    }
  };
  children(root, '', undefined);
  return keys;
}

function keyOf(node: SchemaNode, path: string, required: boolean, when: string | undefined): ContractKey {
  return {
    path,
    ...(when ? { when } : {}),
    type: typeOf(node),
    hasDefault: 'default' in node,
    ...('default' in node ? { default: node.default } : {}),
    required,
    examplesAreSource: some(node, (n) => FUNCTION_KEYWORD in n) && !some(node, (n) => n.type === 'string'),
    isSection: node.type === 'object' || (node.oneOf ?? node.anyOf ?? []).some((b) => b.type === 'object'),
    ...(node.description ? { description: node.description } : {}),
    examples: node.examples ?? [],
    ...(node[SNIPPET_KEYWORD] ? { snippet: node[SNIPPET_KEYWORD] } : {}),
  };
}

/** Whether the node, or one of its union's branches, is `test`. */
const some = (n: SchemaNode, test: (n: SchemaNode) => boolean): boolean => test(n) || (n.oneOf ?? n.anyOf ?? []).some((b) => some(b, test));

/** The property every branch of a union pins to a constant (a zod discriminated union's key), if any. */
function discriminator(branches: SchemaNode[]): string | undefined {
  const first = Object.keys(branches[0]?.properties ?? {});
  return first.find((k) => branches.every((b) => b.properties?.[k] && 'const' in b.properties[k]));
}

/** z.int() bounds every integer by the safe range; that bound says nothing about the key. */
const UNBOUNDED = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * The type of a key in TypeScript-like words, with the bounds the schema checks. Inside a list the
 * length of each string is left out: `string[] (at least 1)` reads as the list's bound only.
 */
export function typeOf(n: SchemaNode, item = false): string {
  if (n[FUNCTION_KEYWORD]) return `function ${n[FUNCTION_KEYWORD]}`;
  const branches = n.oneOf ?? n.anyOf;
  if (branches) return [...new Set(branches.map((b) => typeOf(b, item)))].join(' | ');
  if ('const' in n) return literal(n.const);
  if (n.enum) return n.enum.map(literal).join(' | ');
  if (n.type === 'string') {
    const length = item || !n.minLength ? '' : n.minLength === 1 ? ' (non-empty)' : ` (at least ${n.minLength} characters)`;
    return `string${n.format === 'uri' ? ' (URL)' : ''}${n.pattern ? ` matching /${n.pattern}/` : ''}${length}`;
  }
  if (n.type === 'integer' || n.type === 'number') {
    const max = n.maximum !== undefined && !UNBOUNDED.has(n.maximum) ? n.maximum : undefined;
    if (n.minimum !== undefined && max !== undefined) return `${n.type} ${n.minimum}–${max}`;
    const min = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum !== undefined && !UNBOUNDED.has(n.minimum) ? `≥ ${n.minimum}` : '';
    return [n.type, min, max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(' ');
  }
  if (n.type === 'array') {
    const item = typeOf(n.items ?? {}, true);
    const count = [n.minItems ? `at least ${n.minItems}` : '', n.maxItems !== undefined ? `at most ${n.maxItems}` : ''].filter(Boolean).join(', ');
    return `${/[ |]/.test(item) ? `(${item})` : item}[]${count ? ` (${count})` : ''}`;
  }
  if (n.type === 'object') return typeof n.additionalProperties === 'object' ? '{ [name]: object }' : 'object';
  return n.type ?? 'any';
}

/** A value as it is written in a TypeScript config: single-quoted strings, bare keys. */
export function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k)}: ${literal(x)}`);
    return entries.length > 0 ? `{ ${entries.join(', ')} }` : '{}';
  }
  return String(v);
}
