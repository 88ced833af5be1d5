import { describe, expect, test } from 'vitest';
import { provisioningRounds } from '../provision/provision-resources.ts';
import type { World } from '../provision/world.ts';
import { parentIdFor, rememberParent } from './parents.ts';

const user = (id: string, tenantId: string) => ({
  id,
  tenantId,
  tenantName: tenantId,
  tenantSlug: tenantId,
  role: 'member',
  email: `${id}@x.test`,
  name: id,
  index: 0,
  tenantIndex: 0,
});
const row = (type: string, id: string, tenantId: string, ownerId: string, parentId?: string) => ({ type, id, tenantId, ownerId, canary: 'c', parentId });
const config = {
  resources: {
    projects: { scope: 'tenant' },
    tasks: { scope: 'tenant', parent: { resource: 'projects', column: 'project_id' } },
    notes: { scope: 'user' },
  },
} as never;
const alice = user('1', '10');
const bob = user('2', '10');
const world: World = {
  tenants: [],
  users: [alice, bob],
  resources: [row('projects', '7', '10', '1'), row('projects', '8', '10', '1'), row('tasks', '70', '10', '1', '8')],
};
const ctx = { world, config };

describe('parents of nested resources', () => {
  test('a create or list is addressed under a parent the actor owns, else one of its tenant', () => {
    expect(parentIdFor(ctx, 'tasks', alice)).toBe('7');
    expect(parentIdFor(ctx, 'tasks', bob)).toBe('7');
    expect(() => parentIdFor(ctx, 'tasks', user('3', '11'))).toThrow(/no provisioned projects of 3/);
  });
  test('a row is addressed under the parent it was made under, and an explicit parent wins', () => {
    expect(parentIdFor(ctx, 'tasks', bob, '70')).toBe('8');
    rememberParent(ctx, 'tasks', '71', '7');
    expect(parentIdFor(ctx, 'tasks', bob, '71')).toBe('7');
    expect(parentIdFor(ctx, 'tasks', bob, '71', '99')).toBe('99');
    expect(() => parentIdFor(ctx, 'tasks', bob, '72')).toThrow(/was not made by the harness/);
  });
  test('a resource without a parent has no parent id', () => {
    expect(parentIdFor(ctx, 'notes', alice)).toBeUndefined();
  });
  test('provisioning makes parents in a round before their children', () => {
    expect(provisioningRounds({ tasks: { parent: { resource: 'projects' } }, projects: {}, notes: {} } as never)).toEqual([['projects', 'notes'], ['tasks']]);
  });
});
