import { ConfigError } from '../errors/index.ts';
import type { ResourceContract } from './schema.ts';

/**
 * The stored key of a resource row named by the id the API uses (`storedId`, default the id itself),
 * as text: ground truth is read by key, requests are built with API ids. An id the contract cannot
 * map is a contract error, not a finding: guessing would compare ids that never match.
 */
export function storedKey(contract: Pick<ResourceContract, 'storedId'>, resource: string, id: string): string {
  if (!contract.storedId) return id;
  const key = contract.storedId(id);
  if (key === undefined || key === null) {
    throw new ConfigError(
      [{ path: `resources.${resource}.storedId`, expected: 'the stored key of every id the API returns', found: `nothing for ${JSON.stringify(id)}` }],
      'contract',
    );
  }
  return String(key);
}
