import { describe, expect, test } from 'vitest';
import { storedKey } from './stored-key.ts';

const globalId = (id: string) => /^Document:(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'))?.[1];

describe('storedKey', () => {
  test('an API id is its own key unless the contract maps it', () => {
    expect(storedKey({}, 'notes', '2f1c')).toBe('2f1c');
    expect(storedKey({ storedId: globalId }, 'documents', Buffer.from('Document:42').toString('base64'))).toBe('42');
    expect(storedKey({ storedId: () => 42 }, 'documents', 'x')).toBe('42');
  });
  test('an id the contract cannot map is a contract error naming the key and the id', () => {
    expect(() => storedKey({ storedId: globalId }, 'documents', 'garbage')).toThrow(/resources\.documents\.storedId.*"garbage"/s);
  });
});
