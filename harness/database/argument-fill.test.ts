import { describe, expect, test } from 'vitest';
import { fillArguments, representativeChoices, sourcesFor, unfillable, valueClass, type IdCandidate } from './argument-fill.ts';

const T1 = 'tenant-1';
const T2 = 'tenant-2';
const pool: IdCandidate[] = [
  { source: 'tenant id', cls: 'uuid', value: 'u-t1', tenant: T1 },
  { source: 'tenant id', cls: 'uuid', value: 'u-t2', tenant: T2 },
  { source: 'public.notes.id', cls: 'uuid', value: 'n-1', tenant: T1 },
  { source: 'public.notes.id', cls: 'uuid', value: 'n-2', tenant: T2 },
  { source: 'public.notes.id', cls: 'uuid', value: 'n-3', tenant: T2 },
  { source: 'public.audit.id', cls: 'integer', value: '41', tenant: T2 },
];

describe('valueClass', () => {
  test('maps castable type spellings to id classes and rejects the rest', () => {
    expect(['uuid', 'bigint', 'smallint', 'character varying(40)', 'text', 'name'].map(valueClass)).toEqual([
      'uuid',
      'integer',
      'integer',
      'text',
      'text',
      'text',
    ]);
    expect(['jsonb', 'uuid[]', 'anyelement', 'numeric', 'timestamp with time zone'].map(valueClass)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('sourcesFor and unfillable', () => {
  test('a uuid argument takes uuid ids, an integer argument integer ids, text any id', () => {
    expect(sourcesFor('uuid', pool)).toEqual(['tenant id', 'public.notes.id']);
    expect(sourcesFor('bigint', pool)).toEqual(['public.audit.id']);
    expect(sourcesFor('text', pool)).toEqual(['tenant id', 'public.notes.id', 'public.audit.id']);
  });

  test('names the argument types no known id fits', () => {
    expect(unfillable(['uuid', 'jsonb', 'jsonb'], pool)).toBe('no known id fits argument type(s) jsonb');
    expect(
      unfillable(
        ['integer'],
        pool.filter((c) => c.cls === 'uuid'),
      ),
    ).toBe('no known id fits argument type(s) integer');
    expect(unfillable(['uuid', 'text'], pool)).toBeUndefined();
    expect(unfillable([], pool)).toBeUndefined();
  });
});

describe('representativeChoices', () => {
  test('one choice per source of the first argument; later arguments keep it where they accept it', () => {
    expect(representativeChoices(['uuid', 'text', 'bigint'], pool)).toEqual([
      [
        { source: 'tenant id', pick: 0 },
        { source: 'tenant id', pick: 0 },
        { source: 'public.audit.id', pick: 0 },
      ],
      [
        { source: 'public.notes.id', pick: 0 },
        { source: 'public.notes.id', pick: 0 },
        { source: 'public.audit.id', pick: 0 },
      ],
    ]);
  });

  test('a function without arguments has exactly one, empty, choice', () => {
    expect(representativeChoices([], pool)).toEqual([[]]);
  });
});

describe('fillArguments', () => {
  test('picks among the ids of the given tenant only, modulo their number', () => {
    expect(fillArguments([{ source: 'public.notes.id', pick: 0 }], pool, T2)).toEqual({ args: ['n-2'] });
    expect(fillArguments([{ source: 'public.notes.id', pick: 3 }], pool, T2)).toEqual({ args: ['n-3'] });
    expect(
      fillArguments(
        [
          { source: 'public.notes.id', pick: 7 },
          { source: 'tenant id', pick: 5 },
        ],
        pool,
        T1,
      ),
    ).toEqual({ args: ['n-1', 'u-t1'] });
  });

  test('says which source the tenant lacks', () => {
    expect(fillArguments([{ source: 'public.audit.id', pick: 0 }], pool, T1)).toEqual({ missing: 'tenant tenant-1 has no public.audit.id' });
  });
});
