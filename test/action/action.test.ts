/**
 * The composite action (action.yml) and the nightly example that uses it: every flag the action
 * passes is one `tenantproof certify` accepts, every input it reads is declared, and the example
 * passes only inputs the action declares.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseCliArgs } from '../../harness/cli/parse-args.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
interface Step {
  id?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };
const certify = action.runs.steps.find((s) => s.id === 'certify')!;

describe('action.yml', () => {
  test('a composite action whose certify step passes only flags tenantproof certify accepts', () => {
    expect(action.runs.using).toBe('composite');
    const argLines = certify
      .run!.split('\n')
      .filter((l) => /\bargs\+?=/.test(l))
      .join('\n');
    const flags = [...argLines.matchAll(/(--[a-z-]+) ("\$[A-Z_]+"|[^\s)]+)/g)].map((m) => m[1]!);
    expect(flags).toEqual(expect.arrayContaining(['--profile', '--seed', '--reports', '--config', '--time-budget', '--shard']));
    const sample: Record<string, string> = { '--shard': '1/2', '--time-budget': '10m', '--seed': '1', '--profile': 'nightly' };
    const argv = ['certify', ...flags.flatMap((f) => [f, sample[f] ?? 'x'])];
    expect(() => parseCliArgs(argv)).not.toThrow();
  });

  test('every input the steps read is declared', () => {
    const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const read = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!));
    expect([...read].filter((i) => !(i in action.inputs))).toEqual([]);
  });

  test('the nightly example passes only declared inputs', () => {
    const nightly = parse(readFileSync(path.join(ROOT, 'docs/github-actions/nightly.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    const uses = Object.values(nightly.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('tenantproof/tenantproof')));
    expect(uses).toHaveLength(1);
    expect(Object.keys(uses[0]!.with ?? {}).filter((k) => !(k in action.inputs))).toEqual([]);
  });
});
