/**
 * A draft contract as data, between a parsed API description (OpenAPI, GraphQL) and the
 * `tenantproof.config.ts` text rendered from it: what was inferred, from where, and what was not.
 */

/** How the API names a resource's ids; the harness passes ids as strings either way. */
export type IdType = 'uuid' | 'integer' | 'string';

export const OPERATION_NAMES = ['create', 'read', 'list', 'update', 'delete'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** One operation of a resource: TypeScript source of its request builder and its other keys. */
export interface DraftOperation {
  /** What it was drafted from, e.g. `GET /notes/{id}` or `query document`. */
  from: string;
  request: string;
  /** Further keys in order, such as `id` or `items`, as `[key, source]`. */
  keys: Array<[string, string]>;
  /** What could not be inferred, one comment line each. */
  todos: string[];
}

export interface DraftResource {
  /** The contract key (`resources.<key>`). */
  key: string;
  from: string;
  idType: IdType;
  /** Where the id type was read, e.g. `path parameter id, format uuid`. */
  idFrom: string;
  operations: Partial<Record<OperationName, DraftOperation>>;
  /** Resource keys besides scope, table and the operations (`withFields`), as `[key, source]`. */
  keys: Array<[string, string]>;
  todos: string[];
}

export interface DraftContract {
  name: string;
  /** What the draft was made from, e.g. `OpenAPI 3.1.0 document openapi.yaml`. */
  source: string;
  /** The command that made it, for the header comment. */
  command: string;
  /** Module-level declarations the builders use. */
  helpers: string[];
  /** Source of `identity.transport`, and the comment above it (a TODO when not inferred). */
  transport: { source: string; note: string };
  healthPath: { path: string; note: string };
  /** Source of a top-level `expectations` object with its comment lines, when the API needs one. */
  expectations?: { source: string; notes: string[] };
  resources: DraftResource[];
  /** File-level comment lines: what the description has that the draft did not turn into resources. */
  notes: string[];
}

/** A field of a request body or input object, as far as the description tells. */
export interface FieldInfo {
  name: string;
  kind: 'string' | 'number' | 'integer' | 'boolean' | 'other';
  required: boolean;
  maxLength?: number;
  format?: string;
  /** An example, default or first enum value the description gives. */
  example?: unknown;
}
