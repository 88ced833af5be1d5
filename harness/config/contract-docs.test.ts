import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { contractDocs, contractJsonSchema, REGENERATE } from './_internals/contract-docs.ts';
import { contractKeys, type SchemaNode } from './_internals/contract-keys.ts';
import { FUNCTION_KEYWORD, SNIPPET_KEYWORD } from './schema-primitives.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const keys = contractKeys(contractJsonSchema());
/** The page as the schema generates it; the first test compares it with the file. */
const page = contractDocs()['docs/contract.md'].split('\n');
const row = (key: string) => page.find((l) => l.startsWith(`| \`${key}\` |`));

describe('docs/contract.md and tenantproof.schema.json', () => {
  test.each(Object.entries(contractDocs()))('%s is what the schema in harness/config/ generates', (file, generated) => {
    const onDisk = readFileSync(path.join(ROOT, file), 'utf8');
    expect(onDisk === generated, `${file} is out of date with the zod schema in harness/config/: run \`${REGENERATE}\` and commit the result`).toBe(true);
  });

  test('every key is documented: a description, and an example unless a default, its own keys or its type (a set of values) shows one', () => {
    const valueSet = (type: string) => /^'[^']*'( \| '[^']*')*$/.test(type);
    const fix = 'give these keys .meta({ description, examples }) where the zod schema in harness/config/ declares them';
    expect(
      keys.filter((k) => !k.description).map((k) => k.path),
      `no description: ${fix}`,
    ).toEqual([]);
    const unexampled = keys.filter((k) => !k.isSection && !k.hasDefault && !valueSet(k.type) && k.examples.length === 0 && !k.snippet);
    expect(
      unexampled.map((k) => k.path),
      `no example: ${fix}`,
    ).toEqual([]);
  });

  test('a key appears with its type and default, nested and record keys by their full path', () => {
    expect(row('identity.leewaySeconds')).toMatch(/^\| `identity.leewaySeconds` \| `integer ≥ 0` \| `5` \| Clock skew/);
    expect(row('identity.policy.crit')).toContain("`'refuse'`");
    expect(row('identity.policy.maxAgeSeconds')).toMatch(/\| `integer > 0` \| {2}\|/);
    expect(row('resources.<name>.parent.column')).toContain('*required*');
    expect(row('waivers[].until')).toContain("`'2026-09-30'`");
  });

  test('the JSON Schema compiles, marks function keys with their signature and accepts a JSON-only section', () => {
    const ajv = new Ajv2020({ strict: true, keywords: [FUNCTION_KEYWORD, SNIPPET_KEYWORD] });
    const schema = JSON.parse(contractDocs()['tenantproof.schema.json']) as SchemaNode;
    const validateIdentity = ajv.compile(schema.properties!.identity!);
    expect(validateIdentity({ mode: 'public-key', policy: { crit: 'ignore' } })).toBe(true);
    expect(validateIdentity({ policy: { crit: 'sometimes' } })).toBe(false);
    expect(schema.properties!.target!.properties!.env).toMatchObject({ [FUNCTION_KEYWORD]: 'computed => environment' });
  });
});

describe('contractKeys', () => {
  test('walks any zod schema: records, lists, discriminated forms and defaults', () => {
    const walked = contractKeys(
      z.toJSONSchema(
        z.strictObject({
          things: z.record(z.string(), z.strictObject({ size: z.number().int().min(1).default(2) })),
          list: z.array(z.strictObject({ at: z.string() })).optional(),
          via: z.discriminatedUnion('in', [z.strictObject({ in: z.literal('a'), x: z.boolean() }), z.strictObject({ in: z.literal('b') })]),
        }),
        { io: 'input' },
      ) as SchemaNode,
    );
    expect(walked.map((k) => [k.path, k.when, k.type, k.default])).toEqual([
      ['things', undefined, '{ [name]: object }', undefined],
      ['things.<name>', undefined, 'object', undefined],
      ['things.<name>.size', undefined, 'integer ≥ 1', 2],
      ['list', undefined, 'object[]', undefined],
      ['list[].at', undefined, 'string', undefined],
      ['via', undefined, 'object', undefined],
      ['via.in', undefined, "'a' | 'b'", undefined],
      ['via.x', "in: 'a'", 'boolean', undefined],
    ]);
  });
});
