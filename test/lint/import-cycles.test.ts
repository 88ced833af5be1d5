import { describe, expect, test } from 'vitest';
import { cruiseTree, describeCycle, folderCycles, harnessSubfolders, importCycleProblems, topLevel, type CruisedModule } from './import-cycles.ts';

/** A module graph from `from -> to` lines. */
const graph = (...imports: string[]): CruisedModule[] => {
  const modules = new Map<string, { resolved: string }[]>();
  for (const line of imports) {
    const [from, to] = line.split(' -> ') as [string, string];
    modules.set(from, [...(modules.get(from) ?? []), { resolved: to }]);
    if (!modules.has(to)) modules.set(to, []);
  }
  return [...modules].map(([source, dependencies]) => ({ source, dependencies }));
};

describe('the import-cycle check on this tree', () => {
  test('finds no module cycle, no layer violation and no folder cycle', async () => {
    const result = await cruiseTree();
    expect(result.modules.map((m) => m.source)).toEqual(
      expect.arrayContaining(['harness/index.ts', 'reports/verdict.ts', 'suites/index.ts', 'generators/forged-token.ts', 'bin/tenantproof.js']),
    );
    // Type-only imports count: suite-context's import of the world is one.
    expect(result.modules.find((m) => m.source === 'harness/suite/suite-context.ts')?.dependencies.map((d) => d.resolved)).toContain(
      'harness/provision/world.ts',
    );
    expect(importCycleProblems(result)).toEqual([]);
  });
});

describe('folderCycles', () => {
  test('an acyclic graph has none', () => {
    expect(
      folderCycles(
        graph('suites/a.ts -> harness/run/b.ts', 'harness/run/b.ts -> harness/config/c.ts', 'harness/config/c.ts -> reports/d.ts'),
        harnessSubfolders,
      ),
    ).toEqual([]);
  });

  test('names a top-level cycle that no pair of modules makes, with the imports on each edge', () => {
    const modules = graph('harness/run/r.ts -> reports/writer.ts', 'reports/writer.ts -> reports/shape.ts', 'reports/shape.ts -> harness/config/schema.ts');
    expect(folderCycles(modules, topLevel)).toEqual([
      {
        folders: ['harness', 'reports'],
        cycle: ['harness', 'reports', 'harness'],
        edges: [
          { from: 'harness', to: 'reports', imports: ['harness/run/r.ts -> reports/writer.ts'] },
          { from: 'reports', to: 'harness', imports: ['reports/shape.ts -> harness/config/schema.ts'] },
        ],
      },
    ]);
    // Split into subfolders, harness/run and harness/config are not in one cycle.
    expect(folderCycles(modules, harnessSubfolders)).toEqual([]);
  });

  test('names a cycle between harness subfolders, and the harness/*.ts files as the folder harness', () => {
    const modules = graph(
      'harness/checks/check-property.ts -> harness/suite/suite-context.ts',
      'harness/suite/operations.ts -> harness/checks/expectation.ts',
      'harness/index.ts -> harness/run/run.ts',
      'harness/run/run.ts -> harness/errors.ts',
    );
    const cycles = folderCycles(modules, harnessSubfolders);
    expect(cycles.map((c) => c.cycle)).toEqual([
      ['harness', 'harness/run', 'harness'],
      ['harness/checks', 'harness/suite', 'harness/checks'],
    ]);
    expect(describeCycle('harness subfolders', cycles[1]!)).toBe(
      [
        'folder cycle (harness subfolders): harness/checks -> harness/suite -> harness/checks',
        '  harness/checks -> harness/suite: harness/checks/check-property.ts -> harness/suite/suite-context.ts',
        '  harness/suite -> harness/checks: harness/suite/operations.ts -> harness/checks/expectation.ts',
      ].join('\n'),
    );
  });

  test('follows a longer cycle in its order', () => {
    const modules = graph('bench/a.ts -> generators/b.ts', 'generators/b.ts -> reports/c.ts', 'reports/c.ts -> bench/a.ts');
    expect(folderCycles(modules, topLevel).map((c) => c.cycle)).toEqual([['bench', 'generators', 'reports', 'bench']]);
  });

  test('gives the shortest cycle through the first folder of a tangle and every edge among its folders', () => {
    const modules = graph(
      'bench/a.ts -> generators/b.ts',
      'generators/b.ts -> bench/a.ts',
      'generators/b.ts -> reports/c.ts',
      'reports/c.ts -> generators/d.ts',
    );
    const [tangle, ...more] = folderCycles(modules, topLevel);
    expect(more).toEqual([]);
    expect(tangle!.cycle).toEqual(['bench', 'generators', 'bench']);
    expect(tangle!.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'bench -> generators',
      'generators -> bench',
      'generators -> reports',
      'reports -> generators',
    ]);
    expect(describeCycle('top-level folders', tangle!).split('\n')[0]).toBe(
      'folder cycle (top-level folders): bench -> generators -> bench (one of the cycles among bench, generators, reports)',
    );
  });
});
