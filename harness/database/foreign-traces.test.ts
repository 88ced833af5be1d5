import { describe, expect, test } from 'vitest';
import { distinctive, foreignTraces, valueOwners } from './foreign-traces.ts';

const A = 'a1a1a1a1-1111-4111-8111-111111111111';
const B = 'b2b2b2b2-2222-4222-8222-222222222222';
const tenantOfIndex = (i: number) => [A, B][i] ?? `tenant #${i}`;
const owners = valueOwners([
  {
    tenant: A,
    json: { id: 'aaaaaaaa-0000-4000-8000-000000000001', tenant_id: A, title: 'Note tpc-t0-u0-0a0b0c0d', created_at: '2026-01-01T10:00:00.123+00:00' },
  },
  {
    tenant: B,
    json: {
      id: 'bbbbbbbb-0000-4000-8000-000000000001',
      tenant_id: B,
      title: 'Note tpc-t1-u2-0e0f1011',
      kind: 'shared-kind',
      meta: { secret: 'deep-secret-of-b' },
    },
  },
  { tenant: A, json: { kind: 'shared-kind' } },
]);
const actorA = { tenantId: A, tenantIndex: 0 };

describe('distinctive', () => {
  test('keeps long strings, drops short ones, numbers, dates and timestamps', () => {
    expect(['a@b.test-x', A, 'Note tpc-t0'].every(distinctive)).toBe(true);
    expect(['member', '12345678901', '2026-01-01', '2026-01-01T10:00:00.123+00:00', '2026-01-01 10:00:00+02', 12345678].some(distinctive)).toBe(false);
  });
});

describe('foreignTraces', () => {
  test("the actor's own rows and values shared with its tenant leave no trace", () => {
    expect(foreignTraces([{ t: A, title: 'Note tpc-t0-u0-0a0b0c0d', kind: 'shared-kind' }, 'member'], actorA, owners, tenantOfIndex)).toEqual([]);
  });

  test("another tenant's id, key and nested value are traces, whatever the column is called", () => {
    const traces = foreignTraces([{ who: B }, ['bbbbbbbb-0000-4000-8000-000000000001'], { x: { y: 'deep-secret-of-b' } }], actorA, owners, tenantOfIndex);
    expect(traces.map((t) => t.tenant)).toEqual([B, B, B]);
    expect(traces[0]!.what).toBe(`"${B}" (held only by ${B})`);
  });

  test('a foreign canary is named once, by its canary, even inside a longer string', () => {
    expect(foreignTraces(['Note tpc-t1-u2-0e0f1011'], actorA, owners, tenantOfIndex)).toEqual([
      { tenant: B, what: 'canary tpc-t1-u2-0e0f1011', canary: 'tpc-t1-u2-0e0f1011' },
    ]);
    expect(foreignTraces(['prefix tpc-t1-u3-deadbeef suffix'], actorA, owners, tenantOfIndex)).toEqual([
      { tenant: B, what: 'canary tpc-t1-u3-deadbeef', canary: 'tpc-t1-u3-deadbeef' },
    ]);
  });
});
