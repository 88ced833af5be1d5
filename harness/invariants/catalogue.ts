/**
 * The invariant catalogue, derived from the definitions themselves (suites/index.ts for the
 * built-in ones, the contract's `invariants` modules for a user's own): ids, titles, filters and
 * report metadata all come from here, never from a second list.
 */
import path from 'node:path';
import { importUserModule } from '../config/import-user-module.ts';
import type { ResolvedConfig } from '../config/schema.ts';
import { TenantproofError } from '../errors/index.ts';
import type { InvariantDefinition } from './define-invariant.ts';

export interface Catalogue {
  readonly invariants: readonly InvariantDefinition[];
  get(id: string): InvariantDefinition | undefined;
  /** Ids matching a filter: an exact id or a `FAMILY-*` glob; throws on one that matches nothing. */
  expand(filters: readonly string[]): string[];
}

export function buildCatalogue(definitions: readonly InvariantDefinition[]): Catalogue {
  const byId = new Map<string, InvariantDefinition>();
  for (const d of definitions) {
    const other = byId.get(d.id);
    if (other) throw new TenantproofError('DUPLICATE_INVARIANT', `invariant ${d.id} is defined twice: in ${other.source} and in ${d.source}`);
    byId.set(d.id, d);
  }
  return {
    invariants: definitions,
    get: (id) => byId.get(id),
    expand(filters) {
      return filters.flatMap((filter) => {
        const pattern = new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        const ids = definitions.map((d) => d.id).filter((id) => pattern.test(id));
        if (ids.length === 0) {
          throw new TenantproofError('UNKNOWN_INVARIANT', `--only/--skip: ${filter} names no invariant (see tenantproof list; e.g. TI-1, MIG-*)`);
        }
        return ids;
      });
    },
  };
}

/** The contract's own invariant modules, resolved against the contract file's folder. */
export async function loadContractInvariants(config: ResolvedConfig, configPath: string): Promise<InvariantDefinition[]> {
  const dir = path.dirname(path.resolve(configPath));
  const found: InvariantDefinition[] = [];
  for (const entry of config.invariants) {
    const file = path.resolve(dir, entry);
    let mod: Record<string, unknown>;
    try {
      mod = await importUserModule(file);
    } catch (cause) {
      throw new TenantproofError('INVARIANT_IMPORT_FAILED', `invariants: could not import ${file}: ${(cause as Error).message}`, { cause });
    }
    const definitions = Object.values(mod)
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .filter(isDefinition);
    if (definitions.length === 0) throw new TenantproofError('NO_INVARIANT', `invariants: ${file} exports no defineInvariant(...) result`);
    found.push(...new Set(definitions));
  }
  return found;
}

// Structural, not by identity: a user's module may import defineInvariant through another copy of the package.
function isDefinition(value: unknown): value is InvariantDefinition {
  const v = value as Partial<InvariantDefinition> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.run === 'function' && typeof v.source === 'string';
}
