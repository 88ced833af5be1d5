/**
 * `npm run bench`: every figure measured in this one run, each next to its reference, printed as a
 * table and written to bench/results.json. Plain Node (no test runner); nothing here asserts.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZOO_VARIANTS } from '../fixtures/reference-service/src/zoo.ts';
import { lintBenchmark } from '../harness/migrations/lint-benchmark.ts';
import { provisionIdentities } from '../harness/provision/provision-identities.ts';
import { provisionResources } from '../harness/provision/provision-resources.ts';
import { createSuiteContext } from '../harness/suite/suite-context.ts';
import { REFERENCE_CONFIG, ROOT, runCli } from '../test/integration/support/cli.ts';
import { detectionOf } from './detection.ts';
import { packageInstallSeconds } from './package-install.ts';
import { envFloorSeconds } from './env-floor.ts';
import { autocannonRate, probeRate } from './probe-rate.ts';
import { startReference } from './reference-environment.ts';
import { sampleTreeRss } from './rss-sampler.ts';

const SEEDS = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

async function envReady(cluster: 'cached' | 'throwaway'): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const env = await startReference((config) => {
      config.database.cluster = cluster;
    });
    times.push((performance.now() - t0) / 1000);
    await env.stop();
  }
  return median(times);
}

async function throughputAndMemory() {
  const env = await startReference();
  try {
    const ctx = await createSuiteContext(env.handle);
    await probeRate(ctx, { seconds: 1 });
    const probe = await probeRate(ctx, { seconds: 5 });
    const raw = await autocannonRate(ctx, 5);
    // The harness side of a long run is this process (the target and Postgres are measured by the
    // certify figure): its peak must stay near where it started if evidence really streams.
    const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
    const longRunStartRssMb = mb();
    let longRunPeakRssMb = longRunStartRssMb;
    const timer = setInterval(() => (longRunPeakRssMb = Math.max(longRunPeakRssMb, mb())), 100);
    const long = await probeRate(ctx, { count: 100_000 });
    clearInterval(timer);
    await ctx.close();
    return { probe, raw, long, longRunStartRssMb, longRunPeakRssMb };
  } finally {
    await env.stop();
  }
}

async function provisioning(): Promise<number> {
  const env = await startReference();
  try {
    const { config } = await import('../harness/config/load-config.ts').then((m) => m.loadConfig(REFERENCE_CONFIG));
    const t0 = performance.now();
    const { users } = await provisionIdentities(env.handle.adminUrl, { ...config.provisioning, tenants: 50, usersPerTenant: 20 });
    await provisionResources({
      config: { ...config, provisioning: { ...config.provisioning, resourcesPerUser: 1 } },
      baseUrl: env.handle.baseUrl,
      adminUrl: env.handle.adminUrl,
      identity: env.handle.identity,
      users,
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await env.stop();
  }
}

async function certifyRun(): Promise<{ wall: number; peakRssMb: number; code: number | null }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/tenantproof.js'), 'certify', '--config', REFERENCE_CONFIG, '--seed', '1', '--reports', path.join(os.tmpdir(), 'tp-bench-certify')],
    { stdio: 'ignore' },
  );
  const sampler = sampleTreeRss(child.pid!);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { wall: (performance.now() - t0) / 1000, peakRssMb: sampler.stop(), code };
}

async function detection() {
  const rows = [];
  for (const variant of ZOO_VARIANTS) {
    const seconds: number[] = [];
    const requests: number[] = [];
    for (const seed of SEEDS) {
      const run = await runCli(['certify', '--config', REFERENCE_CONFIG, '--seed', String(seed), '--profile', 'quick', '--only', variant.breaks.join(',')], {
        TENANTPROOF_BUGS: variant.id,
      });
      if (!run.summary) continue;
      const d = await detectionOf(run.summary, path.join(run.reportsDir, 'latest'));
      if (d.firstDetectionSeconds !== undefined) seconds.push(d.firstDetectionSeconds);
      if (d.requestsUntilDetection !== undefined) requests.push(d.requestsUntilDetection);
    }
    rows.push({ variant: variant.id, medianSeconds: median(seconds), medianRequests: median(requests), detectedInSeeds: `${seconds.length}/${SEEDS.length}` });
    log(`detection ${variant.id}: ${median(seconds).toFixed(2)} s, ${median(requests)} requests (${seconds.length}/${SEEDS.length} seeds)`);
  }
  return rows;
}

log('environment ready (embedded, cached and throwaway cluster, 3 runs each) and floor');
await envReady('cached');
const envReadySeconds = await envReady('cached');
const envReadyThrowawaySeconds = await envReady('throwaway');
const envFloorSecondsValue = median([await envFloorSeconds(), await envFloorSeconds(), await envFloorSeconds()]);
log('probe throughput vs autocannon, long run memory');
const t = await throughputAndMemory();
log('provisioning 50 tenants x 20 users');
const provisionSeconds = await provisioning();
log('migration lint of 1,000 statements (median of 5)');
await lintBenchmark(1000);
const lintMs: number[] = [];
for (let i = 0; i < 5; i++) lintMs.push((await lintBenchmark(1000)).milliseconds);
const lintThousandMs = median(lintMs);
log('npm pack and install into an empty project');
const install = packageInstallSeconds(ROOT);
log('default certify run');
const certify = await certifyRun();
log('time to detection per zoo variant');
const detectionRows = await detection();

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  certifyWallSeconds: certify.wall,
  packageKb: install.tarballKb,
  packageInstallSeconds: install.installSeconds,
  joseInstallSeconds: install.referenceSeconds,
  packageInstallRatio: install.ratio,
  certifyExitCode: certify.code,
  envReadySeconds,
  envReadyThrowawaySeconds,
  envFloorSeconds: envFloorSecondsValue,
  probeRate: t.probe.rate,
  probeFailures: t.probe.failures,
  autocannonRate: t.raw,
  probeRatio: t.probe.rate / t.raw,
  peakRssMb: certify.peakRssMb,
  longRunProbes: t.long.probes,
  longRunStartRssMb: t.longRunStartRssMb,
  longRunPeakRssMb: t.longRunPeakRssMb,
  provisionSeconds,
  lintThousandStatementsMs: lintThousandMs,
  detection: detectionRows,
};
writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2));

const rows: Array<[string, string, string]> = [
  ['default certify run (wall)', `${results.certifyWallSeconds.toFixed(1)} s`, 'target < 60 s'],
  ['peak memory of certify run (process tree)', `${results.peakRssMb} MB`, ''],
  [
    `install the packed tarball (${results.packageKb} kB) into an empty project`,
    `${results.packageInstallSeconds.toFixed(1)} s`,
    `target < 20 s; jose alone ${results.joseInstallSeconds.toFixed(1)} s, ratio x${results.packageInstallRatio.toFixed(1)}`,
  ],
  [
    'environment ready (embedded, cached cluster)',
    `${envReadySeconds.toFixed(2)} s`,
    `target < 2 s; floor initdb+pg_ctl start ${results.envFloorSeconds.toFixed(2)} s`,
  ],
  [
    'environment ready (embedded, throwaway cluster)',
    `${envReadyThrowawaySeconds.toFixed(2)} s`,
    `x${(envReadyThrowawaySeconds / results.envFloorSeconds).toFixed(2)} the initdb+pg_ctl floor`,
  ],
  ['isolation probes checked/s', results.probeRate.toFixed(0), `autocannon ${results.autocannonRate.toFixed(0)} req/s, ratio ${results.probeRatio.toFixed(2)}`],
  [
    `long run ${results.longRunProbes} probes, harness peak RSS`,
    `${results.longRunPeakRssMb} MB`,
    `${results.longRunStartRssMb} MB before the run (evidence streams)`,
  ],
  ['provision 50 tenants x 20 users', `${provisionSeconds.toFixed(2)} s`, ''],
  ['lint 1,000 migration statements', `${lintThousandMs.toFixed(0)} ms`, 'target well under 1 s'],
  ...detectionRows.map((d): [string, string, string] => [
    `detect ${d.variant}`,
    `${d.medianSeconds.toFixed(2)} s`,
    `${d.medianRequests} requests, ${d.detectedInSeeds} seeds`,
  ]),
];
const w = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`\n${rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padStart(10)}  ${c}`).join('\n')}\n`);
