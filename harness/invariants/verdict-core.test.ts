/**
 * The verdict core on a real loopback service: only a service that serves the rightful actor and
 * refuses the intruder gets `held`; one that refuses everyone proves nothing, one that serves
 * everyone is caught, a check that throws is an `error` with its cause, and an invariant the time
 * budget never reached is `inconclusive`, never `held`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkProperty, Unprovable } from '../checks/check-property.ts';
import { HttpClient } from '../http/client.ts';
import type { SuiteContext } from '../suite/suite-context.ts';
import { buildCatalogue } from './catalogue.ts';
import { catalogueVerdicts } from './catalogue-verdicts.ts';
import { defineInvariant, type InvariantDefinition } from './define-invariant.ts';
import { runInvariant } from './run-invariant.ts';

type Behaviour = 'correct' | 'refuses-everything' | 'accepts-everything';
const CANARY = 'canary-of-the-owner';
let behaviour: Behaviour = 'correct';
let server: Server;
let http: HttpClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const owner = req.headers['x-actor'] === 'owner';
    const serve = behaviour === 'accepts-everything' || (behaviour === 'correct' && owner);
    res.writeHead(serve ? 200 : 403, { 'content-type': 'text/plain' }).end(serve ? CANARY : 'refused');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  http = new HttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await http.close();
  await new Promise((resolve) => server.close(resolve));
});

// Only what the core reads of a suite context: the run seed, the profile's case count, the client.
const context = () =>
  ({ handle: { seed: 7, profile: 'ci', replayBase: 'tenantproof certify' }, config: { profiles: { ci: { numRuns: 5 } } }, http }) as unknown as SuiteContext;

const readAs = (ctx: SuiteContext, actor: string, row: number) => ctx.http.send({ method: 'GET', path: `/rows/${row}`, headers: { 'x-actor': actor } });

const isolation = defineInvariant({
  id: 'EX-1',
  title: "An intruder cannot read the owner's row",
  description: "a read of the owner's row as an intruder is refused and shows no canary",
  severity: 'critical',
  owasp: 'API1:2023 Broken Object Level Authorization',
  cwe: 'CWE-639',
  requires: ['http'],
  run: (ctx) =>
    checkProperty(ctx, {
      invariant: 'EX-1',
      arbitrary: fc.nat({ max: 100 }),
      async control(row) {
        const res = await readAs(ctx, 'owner', row);
        return res.status === 200 && res.text.includes(CANARY) ? undefined : `the owner got ${res.status}`;
      },
      async probe(row) {
        const res = await readAs(ctx, 'intruder', row);
        return res.status === 403 && !res.text.includes(CANARY) ? undefined : { invariant: 'EX-1', message: `the intruder got ${res.status}`, steps: [] };
      },
    }),
});

async function verdictOn(service: Behaviour, definition: InvariantDefinition = isolation) {
  behaviour = service;
  return runInvariant(definition, context());
}

describe('the verdict core', () => {
  test('a service that serves the owner and refuses the intruder holds', async () => {
    expect((await verdictOn('correct')).verdict).toBe('held');
  });

  test('a service that refuses everything is inconclusive: the positive control failed', async () => {
    const verdict = await verdictOn('refuses-everything');
    expect(verdict.verdict).toBe('inconclusive');
    expect(verdict.reason).toContain('positive control failed: the owner got 403');
  });

  test('a service that accepts everything is violated, with a shrunk counterexample', async () => {
    const verdict = await verdictOn('accepts-everything');
    expect(verdict.verdict).toBe('violated');
    expect(verdict.reason).toBe('the intruder got 200');
    expect(verdict.counterexample?.value).toBe(0);
    expect(verdict.counterexample?.replay).toContain('--only EX-1 --replay-path');
  });

  test('a check that throws is an error that carries its cause', async () => {
    const broken = defineInvariant({ ...isolation, id: 'EX-2', run: () => Promise.reject(new Error('relation "rows" does not exist')) });
    const verdict = await verdictOn('correct', broken);
    expect(verdict).toMatchObject({ id: 'EX-2', verdict: 'error', reason: 'the check threw: relation "rows" does not exist' });
  });

  test('a check that returns another invariant’s verdict is an error, not a verdict for the wrong id', async () => {
    const confused = defineInvariant({ ...isolation, id: 'EX-3' });
    expect(await verdictOn('correct', confused)).toMatchObject({ verdict: 'error', reason: 'the check threw: EX-3 returned a verdict for EX-1' });
  });

  test('a burst the machine could not deliver in time proves nothing: inconclusive with the measured figure, never violated', async () => {
    const slow = defineInvariant({
      ...isolation,
      id: 'EX-5',
      run: (ctx) =>
        checkProperty(ctx, {
          invariant: 'EX-5',
          arbitrary: fc.constant(21),
          numRuns: 1,
          control: async () => undefined,
          async probe(count) {
            const started = performance.now();
            const answers = await Promise.all(Array.from({ length: count }, (_, i) => readAs(ctx, 'intruder', i)));
            // As if the machine had taken longer than the limiter's window to send them: the 200s prove nothing.
            const elapsedMs = performance.now() - started + 5_000;
            if (answers.some((a) => a.status === 200))
              throw new Unprovable(`${count} requests took ${elapsedMs.toFixed(0)} ms, longer than the 2000 ms window`);
            return undefined;
          },
        }),
    });
    const verdict = await verdictOn('accepts-everything', slow);
    expect(verdict.verdict).toBe('inconclusive');
    expect(verdict.reason).toMatch(/^no case could be produced on this machine: 21 requests took \d+ ms, longer than the 2000 ms window$/);
    // Where the burst was delivered and refused, the same check holds.
    expect((await verdictOn('correct', slow)).verdict).toBe('held');
  });

  test('a selected invariant the time budget never reached is inconclusive with the reason; an unselected one is skipped', () => {
    const catalogue = buildCatalogue([isolation, defineInvariant({ ...isolation, id: 'EX-2' })]);
    const verdicts = catalogueVerdicts(catalogue, new Map(), new Set(['EX-1']), true);
    expect(verdicts).toMatchObject([
      { id: 'EX-1', verdict: 'inconclusive', reason: 'the time budget ran out before this invariant ran' },
      { id: 'EX-2', verdict: 'skipped' },
    ]);
  });

  test('a selected invariant that recorded nothing, with budget left, is an error; an interruption gives its cause', () => {
    const verdicts = catalogueVerdicts(buildCatalogue([isolation]), new Map(), new Set(['EX-1']), false);
    expect(verdicts[0]).toMatchObject({ verdict: 'error' });
    const interrupted = catalogueVerdicts(buildCatalogue([isolation]), new Map(), new Set(['EX-1']), false, [], 'target "t" exited with code 3 mid-run');
    expect(interrupted[0]).toMatchObject({ verdict: 'error', reason: 'target "t" exited with code 3 mid-run' });
  });
});

describe('definitions', () => {
  test('an invariant knows the module that defined it', () => {
    expect(isolation.source).toBe(new URL(import.meta.url).pathname);
    expect(isolation.family).toBe('EX');
  });

  test('a malformed id and a duplicate id are refused', () => {
    expect(() => defineInvariant({ ...isolation, id: 'ex1' })).toThrow(/FAMILY-N/);
    expect(() => buildCatalogue([isolation, isolation])).toThrow(/EX-1 is defined twice/);
  });

  test('filters expand FAMILY-* and refuse names that match nothing', () => {
    const catalogue = buildCatalogue([isolation, defineInvariant({ ...isolation, id: 'EX-2' })]);
    expect(catalogue.expand(['EX-*'])).toEqual(['EX-1', 'EX-2']);
    expect(() => catalogue.expand(['TI-9'])).toThrow(/TI-9 names no invariant/);
  });

  test('a contract without the realtime section skips an invariant that requires it, naming the key', async () => {
    const realtime = defineInvariant({ ...isolation, id: 'EX-4', requires: ['http', 'realtime'] });
    expect(await verdictOn('correct', realtime)).toMatchObject({ verdict: 'skipped', reason: 'the contract declares no `realtime` endpoint' });
  });
});
