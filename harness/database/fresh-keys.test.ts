import { describe, expect, test } from 'vitest';
import { mintedKeyColumn, shapedLike } from './fresh-keys.ts';
import type { TenantColumnInfo, TenantTable } from './tenant-tables.ts';

/** Each character's class: digit, lower or upper case letter, or itself. */
const classes = (s: string) => s.replace(/\d/g, '9').replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A');

describe('shapedLike: a fresh key in the shape of the copied one', () => {
  test.each([
    ['itm_ab12cd34ef56gh78ij90', /^itm_[0-9a-z]{20}$/],
    ['3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
    ['3F2A9C1E7B4D4E8A', /^[0-9A-F]{16}$/],
    ['000123456789', /^\d{12}$/],
    ['01HZX3K9QW2M8T5V7B4N6C1D0E', /^[0-9A-Z]{26}$/],
    ['cus_NffrFeUfNV2Hib', /^cus_[0-9A-Za-z]{14}$/],
    ['inv-2024/000123.ü', /^inv-\d{4}\/\d{6}\.ü$/],
  ])('%s keeps its length, words, punctuation and character classes', (value, shape) => {
    const fresh = shapedLike(value)!;
    expect(fresh).toMatch(shape);
    expect(classes(fresh)).toBe(classes(value));
    expect(fresh).not.toBe(value);
  });

  test('hex-looking runs stay hex: letters are drawn from a-f', () => {
    const letters = new Set(
      Array.from({ length: 50 }, () => shapedLike('abcdef0123456789')!)
        .join('')
        .replace(/\d/g, ''),
    );
    expect([...letters].every((ch) => 'abcdef'.includes(ch))).toBe(true);
  });

  test('too few random characters to be unique in practice: no shaped key', () => {
    expect(shapedLike('42')).toBeUndefined();
    expect(shapedLike('doc-abc')).toBeUndefined();
    expect(shapedLike('----')).toBeUndefined();
  });
});

describe('mintedKeyColumn: the key column a copy gets a new value in', () => {
  const column = (name: string, more: Partial<TenantColumnInfo> = {}): TenantColumnInfo => ({
    name,
    type: 'text',
    hasDefault: false,
    generated: false,
    identityAlways: false,
    references: false,
    ...more,
  });
  const table = (primaryKey: string[], columns: TenantColumnInfo[]) =>
    ({ tenantColumn: 'tenant_id', userColumn: 'user_id', primaryKey, columns }) as TenantTable;

  test('never the tenant or user column, and not a foreign key where there is a choice', () => {
    const t = table(['tenant_id', 'doc_id', 'version'], [column('tenant_id'), column('doc_id', { references: true }), column('version')]);
    expect(mintedKeyColumn(t)?.name).toBe('version');
    expect(mintedKeyColumn(table(['tenant_id', 'user_id'], [column('tenant_id'), column('user_id')]))).toBeUndefined();
  });

  test('none where a key column has a default: leaving it out makes the copy new', () => {
    expect(mintedKeyColumn(table(['id', 'slug'], [column('id', { hasDefault: true }), column('slug')]))).toBeUndefined();
  });
});
