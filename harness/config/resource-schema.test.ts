import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { resolveConfig } from './load-config.ts';

const req = () => ({ method: 'GET', path: '/' });
const create = { request: req, id: () => 1 };
const contract = (resources: Record<string, object>) => ({
  name: 'x',
  database: { migrations: { files: ['a.sql'] }, appRole: { name: 'app', password: 'p' }, context: { tenantSetting: 'app.tenant' } },
  target: { url: 'http://127.0.0.1:1' },
  provisioning: { createTenant: { sql: 'select 1', params: () => [] }, createUser: { sql: 'select 1', params: () => [] } },
  resources,
});
const issues = (resources: Record<string, object>) => {
  try {
    resolveConfig(contract(resources), 'test');
    return [];
  } catch (err) {
    return (err as ConfigError).issues.map((i) => `${i.path}: ${i.expected}`);
  }
};

describe('resource shapes in the contract', () => {
  test('a read-only resource declares a seed instead of create, a batch read and no other operation', () => {
    const resolved = resolveConfig(
      contract({
        cards: {
          scope: 'tenant',
          table: 'cards',
          seed: { sql: 'insert into cards (x) values ($1) returning id', params: ({ canary }: { canary: string }) => [canary] },
        },
        items: { scope: 'tenant', table: 'items', create, batch: { request: req, items: () => [] } },
      }),
      'test',
    );
    expect(resolved.resources.cards!.create).toBeUndefined();
    expect(typeof resolved.resources.items!.batch?.request).toBe('function');
  });

  test('exactly one of create and seed', () => {
    expect(issues({ cards: { scope: 'tenant', table: 'cards' } })).toEqual([
      expect.stringMatching(/^resources\.cards\.create: exactly one of create .* or seed/),
    ]);
    expect(issues({ cards: { scope: 'tenant', table: 'cards', create, seed: { sql: 's', params: () => [] } } })).toHaveLength(1);
  });

  test('a parent names another declared resource, and parents never loop', () => {
    expect(issues({ tasks: { scope: 'tenant', table: 'tasks', create, parent: { resource: 'projects', column: 'project_id' } } })).toEqual([
      'resources.tasks.parent.resource: another declared resource (one of none)',
    ]);
    expect(
      issues({
        a: { scope: 'tenant', table: 'a', create, parent: { resource: 'b', column: 'b_id' } },
        b: { scope: 'tenant', table: 'b', create, parent: { resource: 'a', column: 'a_id' } },
      }),
    ).toEqual([expect.stringContaining('a chain of parents without a loop (a -> b -> a)'), expect.stringContaining('(b -> a -> b)')]);
    expect(
      issues({
        projects: { scope: 'tenant', table: 'projects', create },
        tasks: { scope: 'tenant', table: 'tasks', create, parent: { resource: 'projects', column: 'project_id' } },
      }),
    ).toEqual([]);
  });
});
