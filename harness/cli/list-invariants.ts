/**
 * `tenantproof list`: the catalogue as the definitions give it, with each invariant's one home
 * (its source file, relative to the package root when it is one of the package's own).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.ts';
import { findConfig } from '../config/find-config.ts';
import { buildCatalogue, loadContractInvariants } from '../invariants/catalogue.ts';
import type { InvariantDefinition } from '../invariants/define-invariant.ts';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ListedInvariant {
  id: string;
  family: string;
  title: string;
  description: string;
  severity: string;
  owasp: string;
  cwe: string;
  requires: string[];
  source: string;
}

export async function listInvariants(
  builtins: readonly InvariantDefinition[],
  options: { configPath?: string; format: 'table' | 'json' | 'markdown' },
): Promise<string> {
  const configPath = options.configPath ?? findConfig();
  const extras = configPath ? await contractInvariants(configPath) : [];
  const listed = buildCatalogue([...builtins, ...extras]).invariants.map(describe);
  if (options.format === 'json') return JSON.stringify(listed, null, 2);
  if (options.format === 'markdown') return markdownTable(listed);
  const width = (key: keyof ListedInvariant) => Math.max(...listed.map((l) => String(l[key]).length));
  const [id, severity, title] = [width('id'), width('severity'), width('title')];
  const requires = Math.max(...listed.map((l) => l.requires.join('+').length));
  return listed
    .map((l) => `${l.id.padEnd(id)}  ${l.severity.padEnd(severity)}  ${l.title.padEnd(title)}  ${l.requires.join('+').padEnd(requires)}  ${l.source}`)
    .join('\n');
}

/** The catalogue section of the README: one row per invariant, in catalogue order. */
function markdownTable(listed: ListedInvariant[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| id | severity | invariant | checked | home |',
    '|---|---|---|---|---|',
    ...listed.map((l) => `| ${l.id} | ${l.severity} | ${cell(l.title)} | ${cell(l.description)} | \`${l.source}\` |`),
  ].join('\n');
}

async function contractInvariants(configPath: string): Promise<InvariantDefinition[]> {
  const { config, path: file } = await loadConfig(configPath);
  return loadContractInvariants(config, file);
}

function describe(d: InvariantDefinition): ListedInvariant {
  const inPackage = !path.relative(PACKAGE_ROOT, d.source).startsWith('..');
  return {
    id: d.id,
    family: d.family,
    title: d.title,
    description: d.description,
    severity: d.severity,
    owasp: d.owasp,
    cwe: d.cwe,
    requires: [...d.requires],
    source: inPackage ? path.relative(PACKAGE_ROOT, d.source) : path.relative(process.cwd(), d.source),
  };
}
