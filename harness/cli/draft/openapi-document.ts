/**
 * Reading a dereferenced OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1) for a draft: its
 * operations, parameter and body schemas, response shapes and security schemes, with the
 * differences between the versions kept here.
 */
import type { FieldInfo, IdType } from './draft-model.ts';

export type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One operation with its effective parameters (path-level ones overridden by its own) and security. */
export interface OpenApiOperation {
  method: string;
  path: string;
  op: Obj;
  params: Obj[];
  /** Security scheme names it accepts; `[]` is public, undefined when the document says nothing. */
  schemes?: string[];
}

export function operationsOf(doc: Obj): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(obj(doc['paths']) ?? {})) {
    const shared = list(obj(item)?.['parameters'])
      .map(obj)
      .filter((p) => p !== undefined);
    for (const method of METHODS) {
      const op = obj(obj(item)?.[method]);
      if (!op) continue;
      const own = list(op['parameters'])
        .map(obj)
        .filter((p) => p !== undefined);
      const params = [...shared.filter((s) => !own.some((o) => o['name'] === s['name'] && o['in'] === s['in'])), ...own];
      const security = op['security'] ?? doc['security'];
      out.push({ method, path, op, params, schemes: security === undefined ? undefined : requirementNames(security) });
    }
  }
  return out;
}

/** `[{ a: [] }, { b: [], c: [] }]` -> `['a', 'b', 'c']`. */
function requirementNames(security: unknown): string[] {
  return [...new Set(list(security).flatMap((r) => Object.keys(obj(r) ?? {})))];
}

export function securitySchemes(doc: Obj): Record<string, Obj> {
  const schemes = obj(obj(doc['components'])?.['securitySchemes']) ?? obj(doc['securityDefinitions']) ?? {};
  return Object.fromEntries(Object.entries(schemes).flatMap(([k, v]) => (obj(v) ? [[k, obj(v)!]] : [])));
}

/** A parameter's schema: 3.x nests it under `schema`, 2.0 puts `type`/`format` on the parameter. */
function paramSchema(param: Obj): Obj {
  return obj(param['schema']) ?? param;
}

/** The first non-null type of a schema (3.1 allows `type: [string, 'null']`). */
function typeOf(schema: Obj | undefined): string | undefined {
  const t = schema?.['type'];
  if (typeof t === 'string') return t;
  return list(t).find((x): x is string => typeof x === 'string' && x !== 'null');
}

export function idTypeOf(param: Obj | undefined): { idType: IdType; idFrom: string } {
  if (!param) return { idType: 'string', idFrom: 'no id parameter in the document' };
  const schema = paramSchema(param);
  const type = typeOf(schema);
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const idFrom = `path parameter ${String(param['name'])}, ${type ?? 'no type'}${format ? ` format ${format}` : ''}`;
  if (type === 'integer' || type === 'number') return { idType: 'integer', idFrom };
  return { idType: format === 'uuid' ? 'uuid' : 'string', idFrom };
}

export function queryParams(operation: OpenApiOperation): Array<{ name: string; type?: string }> {
  return operation.params.filter((p) => p['in'] === 'query').map((p) => ({ name: String(p['name']), type: typeOf(paramSchema(p)) }));
}

/** The JSON request body's schema (3.x `requestBody`, 2.0 an `in: body` parameter), if any. */
export function requestSchema(operation: OpenApiOperation): Obj | undefined {
  const body = obj(operation.op['requestBody']);
  if (body) return jsonSchemaOf(obj(body['content']));
  return obj(operation.params.find((p) => p['in'] === 'body')?.['schema']);
}

/** The schema of the first of `statuses` the operation declares a JSON body for. */
export function responseSchema(operation: OpenApiOperation, statuses: readonly string[]): Obj | undefined {
  const responses = obj(operation.op['responses']) ?? {};
  for (const status of statuses) {
    const response = obj(responses[status]);
    const schema = response && (jsonSchemaOf(obj(response['content'])) ?? obj(response['schema']));
    if (schema) return schema;
  }
  return undefined;
}

function jsonSchemaOf(content: Obj | undefined): Obj | undefined {
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => t === 'application/json') ?? Object.keys(content).find((t) => /json/.test(t));
  return type === undefined ? undefined : obj(obj(content[type])?.['schema']);
}

/** An object schema's properties (allOf parts merged), readOnly ones left out. */
export function propertiesOf(schema: Obj | undefined): { properties: Record<string, Obj>; required: string[] } {
  const parts = [schema, ...list(schema?.['allOf']).map(obj)].filter((s) => s !== undefined);
  const properties: Record<string, Obj> = {};
  const required: string[] = [];
  for (const part of parts) {
    for (const [name, p] of Object.entries(obj(part['properties']) ?? {})) if (obj(p) && obj(p)!['readOnly'] !== true) properties[name] = obj(p)!;
    required.push(...list(part['required']).filter((r): r is string => typeof r === 'string'));
  }
  return { properties, required };
}

export function fieldsOf(schema: Obj | undefined): FieldInfo[] {
  const { properties, required } = propertiesOf(schema);
  return Object.entries(properties).map(([name, p]) => {
    const type = typeOf(p);
    const example = p['example'] ?? list(p['examples'])[0] ?? p['default'] ?? list(p['enum'])[0] ?? p['const'];
    return {
      name,
      kind: type === 'string' || type === 'number' || type === 'integer' || type === 'boolean' ? type : 'other',
      required: required.includes(name),
      maxLength: typeof p['maxLength'] === 'number' ? p['maxLength'] : undefined,
      format: typeof p['format'] === 'string' ? p['format'] : undefined,
      example,
    };
  });
}

/** How a list response carries its items: the body itself, or one array property of it. */
export function itemsAccess(schema: Obj | undefined): { property?: string } | undefined {
  if (typeOf(schema) === 'array') return {};
  const arrays = Object.entries(propertiesOf(schema).properties).filter(([, p]) => typeOf(p) === 'array');
  const preferred = arrays.find(([n]) => ['items', 'data', 'results', 'records', 'nodes'].includes(n)) ?? (arrays.length === 1 ? arrays[0] : undefined);
  return preferred ? { property: preferred[0] } : undefined;
}

export function hasProperty(schema: Obj | undefined, name: string): boolean {
  return name in propertiesOf(schema).properties;
}
