/**
 * The two files generated from the contract's zod schema: docs/contract.md, the reference page,
 * and tenantproof.schema.json, the JSON Schema for editors. Both come from one z.toJSONSchema
 * call, so the page and the schema cannot disagree with each other or with the validation.
 */
import { z } from 'zod';
import { configSchema } from '../schema.ts';
import type { SchemaNode } from './contract-keys.ts';
import { contractMarkdown } from './contract-markdown.ts';

/** The command that rewrites both files; the drift test names it. */
export const REGENERATE = 'npm run docs:contract';

/**
 * The contract as a JSON Schema of what a user writes (`io: 'input'`: defaults are optional).
 * Functions are the one thing JSON cannot say; any other type without a JSON Schema form fails
 * here rather than being documented as "any".
 */
export function contractJsonSchema(): SchemaNode {
  return z.toJSONSchema(configSchema, {
    io: 'input',
    unrepresentable: ({ zodSchema }) => (zodSchema._zod.def.type === 'custom' ? {} : 'throw'),
  }) as SchemaNode;
}

/** Each generated file by its path from the package root, with its text. */
export function contractDocs(): Record<'docs/contract.md' | 'tenantproof.schema.json', string> {
  const schema = contractJsonSchema();
  return {
    'docs/contract.md': contractMarkdown(schema, REGENERATE),
    'tenantproof.schema.json': `${JSON.stringify(schema, null, 2)}\n`,
  };
}
