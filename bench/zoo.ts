/**
 * `npm run zoo`: certifies the clean reference service and every bug-zoo variant, writes
 * .tenantproof/zoo/matrix.json, prints the variant x invariant matrix as Markdown, and with
 * `--readme` rewrites the matrix section of README.md from this run. By default each variant is
 * certified against its half of the catalogue (as the CI test does), HTTP/database variants two
 * at a time; `--full` certifies every variant against every invariant, one at a time. Then the
 * other targets' bug zoos, each variant on the invariants that target's variants.ts lists (or
 * the variant's own `certifies`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ZOO_VARIANTS } from '../fixtures/reference-service/src/zoo.ts';
import { REFERENCE_CONFIG, ROOT, runCli } from '../test/integration/support/cli.ts';
import { halfOf, isRealtimeVariant } from '../test/integration/support/zoo-halves.ts';
import { detectionOf } from './detection.ts';
import { OUTPUT_DIR } from '../harness/run/run-folders.ts';
import * as postgraphile from '../fixtures/postgraphile-service/variants.ts';
import * as wsService from '../fixtures/ws-service/variants.ts';
import * as restService from '../fixtures/rest-service/variants.ts';
import * as graphqlService from '../fixtures/graphql-service/variants.ts';

interface MatrixVariant {
  id: string;
  breaks: string[];
  detected: string[];
  /** Invariants this variant was certified against (the rest were not run for it). */
  ran: string[];
  firstDetectionSeconds: number | null;
  requestsUntilDetection: number | null;
}

const seed = Number(process.env.ZOO_SEED ?? 7);
const profile = process.env.ZOO_PROFILE ?? 'quick';
const full = process.argv.includes('--full');

async function certify(bugs: string | undefined, select: string[] = []) {
  const run = await runCli(
    ['certify', '--config', REFERENCE_CONFIG, '--seed', String(seed), '--profile', profile, ...select],
    bugs ? { TENANTPROOF_BUGS: bugs } : {},
  );
  if (!run.summary) throw new Error(`certify ${bugs ?? 'clean'} wrote no summary:\n${run.stderr}`);
  return { summary: run.summary, detection: await detectionOf(run.summary, path.join(run.reportsDir, 'latest')) };
}

const clean = await certify(undefined);
process.stdout.write(`clean: ${clean.detection.violated.length} violations\n`);
async function certifyVariant(variant: (typeof ZOO_VARIANTS)[number]): Promise<MatrixVariant> {
  const { summary, detection } = await certify(variant.id, full ? [] : halfOf(variant));
  process.stdout.write(`${variant.id}: detected ${detection.violated.join(', ') || 'nothing'} (${detection.firstDetectionSeconds?.toFixed(1) ?? '-'} s)\n`);
  return {
    id: variant.id,
    breaks: [...variant.breaks],
    detected: detection.violated,
    ran: summary.invariants.filter((v) => v.verdict !== 'skipped').map((v) => v.id),
    firstDetectionSeconds: detection.firstDetectionSeconds ?? null,
    requestsUntilDetection: detection.requestsUntilDetection ?? null,
  };
}

const results = new Map<string, MatrixVariant>();
const lane = async (queue: Array<(typeof ZOO_VARIANTS)[number]>) => {
  for (let next = queue.shift(); next; next = queue.shift()) results.set(next.id, await certifyVariant(next));
};
const parallel = full ? [] : ZOO_VARIANTS.filter((v) => !isRealtimeVariant(v));
await Promise.all([lane(parallel), lane(parallel)]);
await lane(ZOO_VARIANTS.filter((v) => !results.has(v.id)));
const variants = ZOO_VARIANTS.map((v) => results.get(v.id)!);
const checked = clean.summary.invariants.map((v) => v.id);
const matrix = { seed, profile, date: new Date().toISOString(), checked, clean: { violations: clean.detection.violated }, variants };
const matrixFile = path.join(ROOT, OUTPUT_DIR, 'zoo', 'matrix.json');
mkdirSync(path.dirname(matrixFile), { recursive: true });
writeFileSync(matrixFile, JSON.stringify(matrix, null, 2));

const markdown = renderMatrix(matrix);
process.stdout.write(`\n${markdown}\n`);
if (process.argv.includes('--readme')) {
  const readme = path.join(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  writeFileSync(
    readme,
    text.replace(/<!-- zoo-matrix:start -->[\s\S]*<!-- zoo-matrix:end -->/, `<!-- zoo-matrix:start -->\n${markdown}\n<!-- zoo-matrix:end -->`),
  );
}
const wrong = variants.filter(
  (v) =>
    v.detected.join() !==
    v.breaks
      .filter((b) => v.ran.includes(b))
      .sort()
      .join(),
);
const targetWrong = await certifyOtherTargets();
process.exitCode = clean.detection.violated.length > 0 || wrong.length > 0 || targetWrong.length > 0 ? 1 : 0;

/**
 * The independently written targets with a bug zoo of their own: the clean service and each
 * variant on the target's isolation invariants (or those the variant `certifies`); returns the
 * runs whose violations differ from what the variant documents (the clean service documents none).
 */
async function certifyOtherTargets(): Promise<string[]> {
  const targets = [
    { config: path.join(ROOT, 'fixtures/postgraphile-service/tenantproof.config.ts'), checked: postgraphile.ISOLATION, ...postgraphile },
    { config: path.join(ROOT, 'fixtures/ws-service/tenantproof.config.ts'), checked: wsService.CHECKED, ...wsService },
    { config: path.join(ROOT, 'fixtures/rest-service/tenantproof.config.ts'), checked: restService.ISOLATION, ...restService },
    { config: path.join(ROOT, 'fixtures/graphql-service/tenantproof.config.ts'), checked: graphqlService.ISOLATION, ...graphqlService },
  ];
  const mismatches: string[] = [];
  for (const t of targets) {
    for (const variant of [{ id: 'clean', breaks: [] as readonly string[] }, ...t.VARIANTS]) {
      const run = await runCli(
        [
          'certify',
          '--config',
          t.config,
          '--seed',
          String(seed),
          '--profile',
          profile,
          '--only',
          ('certifies' in variant ? variant.certifies : t.checked).join(','),
        ],
        variant.id === 'clean' ? {} : { [t.BUGS_ENV]: variant.id },
      );
      const detected = (run.summary?.invariants ?? [])
        .filter((v) => v.verdict === 'violated')
        .map((v) => v.id)
        .sort();
      const ok = run.summary !== undefined && detected.join() === [...variant.breaks].sort().join();
      process.stdout.write(
        `${path.basename(path.dirname(t.config))} ${variant.id}: detected ${detected.join(', ') || 'nothing'}${ok ? '' : ` (documented: ${variant.breaks.join(', ') || 'nothing'})`}\n`,
      );
      if (!ok) mismatches.push(`${t.config} ${variant.id}`);
    }
  }
  return mismatches;
}

function renderMatrix(m: typeof matrix): string {
  const cols = m.checked;
  const cell = (v: MatrixVariant, id: string) =>
    !v.ran.includes(id) ? ' ' : v.detected.includes(id) ? (v.breaks.includes(id) ? '**X**' : 'FALSE+') : v.breaks.includes(id) ? 'MISSED' : '·';
  return [
    `Generated by \`npm run zoo${full ? ' -- --full' : ''}\` on ${m.date.slice(0, 10)} (seed ${m.seed}, profile ${m.profile}). Clean reference service: ${m.clean.violations.length === 0 ? 'no violation' : m.clean.violations.join(', ')} on all ${m.checked.length} invariants. **X** caught as documented, · held, blank: not run for this variant${full ? '' : ' (each variant is certified against its half of the catalogue: realtime/rate-limit or the rest)'}, FALSE+ or MISSED would be a failure. First detection: seconds from the start of the run (environment start included, suites in their usual order) and probes written to the evidence until then; 0 probes means a catalog or role audit saw it before any request. \`npm run bench\` gives the same per variant with only its invariants selected.`,
    '',
    `| variant | ${cols.join(' | ')} | first detection |`,
    `|---|${cols.map(() => '---').join('|')}|---|`,
    ...m.variants.map(
      (v) =>
        `| \`${v.id}\` | ${cols.map((id) => cell(v, id)).join(' | ')} | ${v.firstDetectionSeconds === null ? '-' : `${v.firstDetectionSeconds.toFixed(1)} s, ${v.requestsUntilDetection} probes`} |`,
    ),
  ].join('\n');
}
