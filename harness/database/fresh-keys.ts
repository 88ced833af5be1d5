/**
 * The fresh key a copied row gets in DB-1/DB-3, so the copy is a new row and not a duplicate. The
 * rightful insert (the positive control) and the attack mint it the same way: a key the table
 * refuses makes the invariant inconclusive, never passed. A service minting ids in application code
 * (`itm_` and 20 characters, held to it by a CHECK) refuses a made-up `tp-<uuid>`, so the key is
 * derived from the copied key's own shape, or declared in the contract (`database.newKeys`). */
import { randomInt, randomUUID } from 'node:crypto';
import type { StatementOutcome } from './app-session.ts';
import type { TenantColumnInfo, TenantTable } from './tenant-tables.ts';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
/** Below this many random bits a table of a few thousand rows could already hold the copy's key. */
const MIN_BITS = 32;

/**
 * A random string shaped like `value`, or undefined when its shape leaves fewer than 32 random
 * bits. Each alphanumeric run is redrawn character by character within its class (digit, lower or
 * upper case); letters of a hex-looking run stay within `a-f`, so a uuid stays a uuid and `[a-z]`
 * stays satisfied too. A letters-only run followed by more is a word (`itm_`, `cus_`) and is kept,
 * as is every other character: length, prefix and punctuation are the original's.
 */
export function shapedLike(value: string): string | undefined {
  const runs = value.split(/([0-9A-Za-z]+)/);
  const lastRun = runs.length - 2;
  let bits = 0;
  const shaped = runs.map((run, i) => {
    // split() with a capture group puts the alphanumeric runs at the odd indices.
    if (i % 2 === 0 || (i < lastRun && /^[A-Za-z]+$/.test(run))) return run;
    const hex = /^[0-9a-f]+$/.test(run) ? 'abcdef' : /^[0-9A-F]+$/.test(run) ? 'ABCDEF' : undefined;
    return [...run]
      .map((ch) => {
        const pool = /\d/.test(ch) ? DIGITS : (hex ?? (/[a-z]/.test(ch) ? LOWER : UPPER));
        bits += Math.log2(pool.length);
        return pool[randomInt(pool.length)];
      })
      .join('');
  });
  return bits >= MIN_BITS ? shaped.join('') : undefined;
}

/**
 * The key column a copy gets a new value in: undefined when a key column has a default (left out,
 * the default makes the copy new) or every key column is the tenant or user column. Of a composite
 * key one column is enough, and not a foreign key where there is a choice, or the copy would name a
 * parent row that does not exist.
 */
export function mintedKeyColumn(table: TenantTable): TenantColumnInfo | undefined {
  const own = table.primaryKey
    .filter((name) => name !== table.tenantColumn && name !== table.userColumn)
    .map((name) => table.columns.find((c) => c.name === name)!);
  if (own.some((c) => c.hasDefault)) return undefined;
  return own.find((c) => !c.references) ?? own[0];
}

/** A new value for `column` of a copy of the row whose key value is `copied`, as a literal for jsonb. */
export function freshKeyValue(column: TenantColumnInfo, copied: unknown): unknown {
  if (column.type === 'uuid') return randomUUID();
  if (typeof copied === 'number') return 1_000_000_000 + randomInt(1_000_000_000);
  return (typeof copied === 'string' ? shapedLike(copied) : undefined) ?? `tp-${randomUUID()}`;
}

/**
 * Why a rightful `op` was refused on the key the harness gave its copy, as a clause naming the
 * table, the key column and the contract key that mends it; '' when not an insert or not the key's
 * refusal. The copy differs from its own row in nothing but that key (its tenant is the row's own),
 * so a check violation or data exception can only be the key's; a unique violation only on the primary key.
 */
export function keyRefusal(table: TenantTable, op: string, outcome: StatementOutcome): string {
  const column = mintedKeyColumn(table);
  if (op !== 'insert' || outcome.ok || !column) return '';
  const code = outcome.code ?? '';
  if (code !== '23514' && !code.startsWith('22') && !(code === '23505' && outcome.constraint === table.primaryKeyConstraint)) return '';
  const minted = table.newKey ? `by database.newKeys (${table.newKey})` : 'in the shape of the copied key';
  return `; the copy differs from its row only in its key column ${column.name}, minted ${minted}: declare database.newKeys[${JSON.stringify(table.name)}], an SQL expression that mints a valid ${column.name}`;
}
