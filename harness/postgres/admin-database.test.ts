import { describe, expect, it } from 'vitest';
import { quoteIdentifier, redactUrl, withDatabase } from './admin-database.ts';

describe('admin-database helpers', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdentifier('tp_run')).toBe('"tp_run"');
    expect(quoteIdentifier('a"; drop database x; --')).toBe('"a""; drop database x; --"');
  });

  it('rejects names Postgres cannot hold, naming the value', () => {
    expect(() => quoteIdentifier('')).toThrow(expect.objectContaining({ code: 'POSTGRES_BAD_NAME', message: expect.stringContaining('found ""') }));
    expect(() => quoteIdentifier('a\0b')).toThrow(expect.objectContaining({ code: 'POSTGRES_BAD_NAME' }));
  });

  it('redacts the password and nothing else', () => {
    expect(redactUrl('postgres://postgres:s3cret@127.0.0.1:5432/postgres')).toBe('postgres://postgres:[redacted]@127.0.0.1:5432/postgres');
    expect(redactUrl('postgres://127.0.0.1/db')).toBe('postgres://127.0.0.1/db');
    expect(redactUrl('::nonsense')).toBe('[unparseable url]');
  });

  it('swaps the database of a URL, keeping credentials and parameters', () => {
    expect(withDatabase('postgres://u:p@h:1/postgres?sslmode=disable', 'tp run')).toBe('postgres://u:p@h:1/tp%20run?sslmode=disable');
    expect(withDatabase('postgres://u:p@h:1/keep', undefined)).toBe('postgres://u:p@h:1/keep');
  });
});
