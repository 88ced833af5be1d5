import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { sampleSummary } from './test-support/sample-summary.ts';

const schema = JSON.parse(readFileSync(new URL('./schema/summary.schema.json', import.meta.url), 'utf8')) as object;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(schema);
}

describe('summary.schema.json', () => {
  test('accepts a summary with every field the writers produce', () => {
    const validate = validator();
    expect(validate(sampleSummary()), JSON.stringify(validate.errors)).toBe(true);
  });

  test('rejects an unknown verdict, a missing field and an unknown member', () => {
    const validate = validator();
    const bad = sampleSummary();
    bad.invariants[0]!.verdict = 'passed' as 'held';
    expect(validate(bad)).toBe(false);
    const { seed: _seed, ...missing } = sampleSummary();
    expect(validate(missing)).toBe(false);
    expect(validate({ ...sampleSummary(), extra: 1 })).toBe(false);
  });
});
