/**
 * What a user does: `npm pack`, install the tarball into a fresh project outside the checkout, write
 * a contract there that imports `defineConfig` from 'tenantproof', and certify from a subfolder
 * (the contract is found upward). One install serves two projects, an ES module one and a
 * CommonJS one, as sibling folders of a workspace: the install is most of this test's cost
 * (tens of seconds from npm's cache), the two certify runs check only TI-1 and AUTH-1.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Summary } from '../../reports/summary.ts';
import { REFERENCE_CONFIG, ROOT } from './support/cli.ts';

let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'tp-user-'));
  // mkdtemp makes it 0700; a user's project folder is one the Postgres OS user can traverse.
  chmodSync(workspace, 0o755);
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, stdio: 'pipe', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  const tarball = npm(['pack', '--silent', '--pack-destination', workspace], ROOT).toString().trim().split('\n').at(-1)!;
  writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'user-workspace', version: '1.0.0', private: true }));
  npm(['install', '--save-dev', '--prefer-offline', path.join(workspace, tarball)], workspace);
}, 240_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** The user's contract: the reference service's, with its folders given absolutely (the service lives in the checkout). */
const contract = `import { defineConfig } from 'tenantproof';
import reference from ${JSON.stringify(REFERENCE_CONFIG)};

const service = ${JSON.stringify(path.dirname(REFERENCE_CONFIG))};
const migrations = reference.database.migrations;
export default defineConfig({
  ...reference,
  target: { ...reference.target, cwd: service },
  database: { ...reference.database, migrations: 'command' in migrations ? { ...migrations, cwd: service } : migrations },
  migrationsLint: undefined,
});
`;

function certifyIn(project: string, type: 'module' | 'commonjs'): Promise<{ code: number | null; output: string; summary: Summary }> {
  const dir = path.join(workspace, project);
  const sub = path.join(dir, 'src', 'deep');
  mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: project, version: '1.0.0', private: true, type }));
  writeFileSync(path.join(dir, 'tenantproof.config.ts'), contract);
  return new Promise((resolve, reject) => {
    // The installed bin, as `npx tenantproof` runs it; no --config: it is found from src/deep upward.
    const child = spawn(path.join(workspace, 'node_modules/.bin/tenantproof'), ['certify', '--profile', 'quick', '--only', 'TI-1,AUTH-1'], {
      cwd: sub,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, output, summary: JSON.parse(readFileSync(path.join(sub, '.tenantproof/latest/summary.json'), 'utf8')) as Summary });
      } catch (error) {
        reject(new Error(`no summary after exit ${code}: ${(error as Error).message}\n${output}`));
      }
    });
  });
}

describe('tenantproof installed from its tarball into a project of its own', () => {
  test('the package holds what runs at certify time and nothing else', () => {
    const installed = path.join(workspace, 'node_modules/tenantproof');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { private?: boolean };
    expect(manifest.private).toBeUndefined();
    const listing = execFileSync('find', ['.', '-type', 'f'], { cwd: installed }).toString();
    // Optional peers stay out of a plain install; certify below then runs without them.
    for (const peer of ['@testcontainers', 'allure-vitest']) expect(existsSync(path.join(workspace, 'node_modules', peer)), peer).toBe(false);
    expect(listing).not.toMatch(/\.test\.ts|^\.\/(fixtures|test|bench)\/|reports\/golden/m);
  });

  test("a user's tsc, with options unlike tenantproof's own, type-checks a contract against the shipped declarations", () => {
    const dir = path.join(workspace, 'typed');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'typed', version: '1.0.0', private: true, type: 'module' }));
    const compilerOptions = { module: 'nodenext', strict: true, exactOptionalPropertyTypes: true, skipLibCheck: true, noEmit: true, types: [] };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['contract.ts'] }));
    writeFileSync(
      path.join(dir, 'contract.ts'),
      `import { defineConfig, type TenantproofConfig } from 'tenantproof';\nimport { runCertification } from 'tenantproof/runner';\n` +
        `export const run: typeof runCertification = runCertification;\nexport const define: (c: TenantproofConfig) => TenantproofConfig = defineConfig;\n` +
        // A hook's entity is typed, and so is the pg client (the declarations need @types/pg at the user's).
        `type Provisioning = NonNullable<TenantproofConfig['provisioning']>;\n` +
        `export const createTenant: Provisioning['createTenant'] = async (admin, t) => {\n` +
        `  const slug: string = t.slug;\n` +
        `  return (await admin.query<{ id: string }>('insert into tenants (name, slug) values ($1, $2) returning id', [t.name, slug])).rows[0]!.id;\n};\n` +
        `export const createUser: Provisioning['createUser'] = async (admin, u) => {\n` +
        `  const where: string = u.tenantSlug;\n  await admin.query('insert into users (id, tenant) values ($1, $2)', [u.id, where]);\n};\n`,
    );
    // Sources instead of declarations would fail here: .ts import paths and exactOptionalPropertyTypes.
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  test.each([
    ['esm-service', 'module'],
    ['cjs-service', 'commonjs'],
  ] as const)('%s ("type": "%s"): the contract is found upward and certifies the reference service, exit 0', async (project, type) => {
    const run = await certifyIn(project, type);
    expect(run.code, run.output).toBe(0);
    expect(run.summary.invariants.filter((v) => v.verdict === 'held').map((v) => v.id)).toEqual(['AUTH-1', 'TI-1']);
    expect(run.summary.config).toBe(path.join(workspace, project, 'tenantproof.config.ts'));
    // The container provider's package is an optional peer: not installed, so `auto` does not try Docker.
    expect(run.output).toContain('postgres: embedded (@testcontainers/postgresql is not installed');
  });
});
