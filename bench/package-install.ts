/**
 * Install time of the packed tarball into an empty project, from npm's cache as a second install
 * on a CI runner would be: `npm pack`, one untimed install to warm the cache, then
 * `npm install -D <tarball>` timed in fresh projects (the median of three). The reference is the same install of `jose`
 * alone (one small package without dependencies), so the ratio shows what tenantproof's
 * dependencies cost over npm's own fixed cost.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REFERENCE = 'jose';

function timedInstall(spec: string, dir: string): number {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'empty-project', version: '1.0.0', private: true }));
  const t0 = performance.now();
  execFileSync('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', spec], { cwd: dir, stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

export function packageInstallSeconds(root: string): { tarballKb: number; installSeconds: number; referenceSeconds: number; ratio: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-install-'));
  chmodSync(dir, 0o755);
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root }).toString().trim().split('\n').at(-1)!;
    const tarballKb = Math.round(Number(execFileSync('stat', ['-c', '%s', path.join(dir, tarball)]).toString()) / 1024);
    // One untimed install warms the cache; the median of three timed ones damps the disk's noise (+-2 s seen).
    const timed = (spec: string) => {
      const once = () => timedInstall(spec, mkdtempSync(path.join(dir, 'project-')));
      once();
      return [once(), once(), once()].sort((a, b) => a - b)[1]!;
    };
    const installSeconds = timed(path.join(dir, tarball));
    const referenceSeconds = timed(REFERENCE);
    return { tarballKb, installSeconds, referenceSeconds, ratio: installSeconds / referenceSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = packageInstallSeconds(path.resolve(import.meta.dirname, '..'));
  process.stdout.write(
    `package ${r.tarballKb} kB; install ${r.installSeconds.toFixed(1)} s, ${REFERENCE} alone ${r.referenceSeconds.toFixed(1)} s, ratio x${r.ratio.toFixed(1)}\n`,
  );
}
