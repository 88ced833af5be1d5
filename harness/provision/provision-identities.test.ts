import { describe, expect, test } from 'vitest';
import { returnedId, slugOf } from './provision-identities.ts';

describe('returnedId', () => {
  test('takes the id column, else the only column a statement returned', () => {
    expect(returnedId({ id: 7, name: 'x' })).toBe(7);
    expect(returnedId({ uid: 'usr_1' })).toBe('usr_1');
  });
  test('returns nothing for no row or several columns without id, so the generated id stays', () => {
    expect(returnedId(undefined)).toBeUndefined();
    expect(returnedId({ uid: 'usr_1', org_id: 'o' })).toBeUndefined();
  });
});

describe('slugOf', () => {
  test('is lower-case, URL-safe and unique by index, whatever the name', () => {
    expect(slugOf('Acme Widgets Ltd.', 0)).toBe('acme-widgets-ltd-1');
    expect(slugOf('Acme Widgets Ltd.', 1)).toBe('acme-widgets-ltd-2');
    expect(slugOf('  Ünïcode & Co ', 4)).toMatch(/^[a-z0-9-]+-5$/);
  });
});
