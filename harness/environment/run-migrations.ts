/**
 * Applies the target's migrations as the contract declares them: SQL files in order on the admin
 * connection, or the target's own migration command with the database URLs in its environment.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { ResolvedConfig } from '../config/schema.ts';
import { TenantproofError } from '../errors/index.ts';
import { trackProcessGroup } from '../lifecycle/process-registry.ts';

export interface MigrationTarget {
  adminUrl: string;
  appUrl: string;
  /** Folder of the config file: relative paths in the contract are relative to it. */
  baseDir: string;
}

export async function runMigrations(migrations: ResolvedConfig['database']['migrations'], target: MigrationTarget): Promise<void> {
  if ('files' in migrations)
    return applyFiles(
      migrations.files.map((f) => path.resolve(target.baseDir, f)),
      target.adminUrl,
    );
  return runCommand(migrations.command, path.resolve(target.baseDir, migrations.cwd ?? '.'), target);
}

async function applyFiles(files: string[], adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const file of files) {
      const sql = await readFile(file, 'utf8').catch((cause: Error) => {
        throw new TenantproofError('MIGRATIONS_FAILED', `migration file ${file} could not be read: ${cause.message}`, { cause });
      });
      try {
        await client.query(sql);
      } catch (cause) {
        throw new TenantproofError('MIGRATIONS_FAILED', `migration ${file} failed: ${(cause as Error).message}`, { cause });
      }
    }
  } finally {
    await client.end();
  }
}

function runCommand(command: string[], cwd: string, target: MigrationTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const [bin, ...args] = command;
    const child = spawn(bin!, args, {
      cwd,
      detached: true,
      env: { ...process.env, DATABASE_ADMIN_URL: target.adminUrl, DATABASE_URL: target.adminUrl, DATABASE_APP_URL: target.appUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const untrack = child.pid ? trackProcessGroup(child.pid) : () => false;
    const lines: string[] = [];
    const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (cause) => {
      untrack();
      reject(new TenantproofError('MIGRATIONS_FAILED', `migration command ${command.join(' ')} could not start in ${cwd}: ${cause.message}`, { cause }));
    });
    child.on('close', (code) => {
      untrack();
      if (code === 0) resolve();
      else
        reject(
          new TenantproofError('MIGRATIONS_FAILED', `migration command ${command.join(' ')} exited with ${code}; last lines:\n${lines.slice(-40).join('\n')}`),
        );
    });
  });
}
