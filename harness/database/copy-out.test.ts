import { describe, expect, test } from 'vitest';
import { copyFields } from './copy-out.ts';

describe('copyFields', () => {
  test('splits on tabs and reads \\N as NULL', () => {
    expect(copyFields('7c9e6679-7425-40de-944b-e07fc1f90ae7\t\\N\tplain')).toEqual(['7c9e6679-7425-40de-944b-e07fc1f90ae7', null, 'plain']);
  });

  test('undoes backslash escapes, so an escaped tab stays inside its field', () => {
    expect(copyFields('a\\tb\\nc\t\\\\N\t\\x41\\101')).toEqual(['a\tb\nc', '\\N', 'AA']);
  });

  test('an empty line is one empty field (a row of one empty string)', () => {
    expect(copyFields('')).toEqual(['']);
  });
});
