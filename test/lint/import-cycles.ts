/**
 * `npm run lint:cycles`: dependency-cruiser with .dependency-cruiser.cjs (no module cycle, the
 * top-level layer order), then the folder cycles it cannot see. Modules are collapsed to folders
 * twice: to their top-level folder, and with harness/ split into its subfolders (the harness/*.ts
 * files are the folder `harness`). Any cycle fails, named with the imports on each of its edges.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The folders the layer order is about. */
export const FOLDERS = ['bin', 'bench', 'suites', 'harness', 'generators', 'reports'];

/** What the check reads of a cruised module (a dependency-cruiser module is one). */
export interface CruisedModule {
  source: string;
  dependencies: ReadonlyArray<{ resolved: string }>;
}

/** Maps a module path (relative to the repository) to the folder it counts in. */
export type Grouping = (modulePath: string) => string;

export const topLevel: Grouping = (p) => p.split('/')[0]!;
export const harnessSubfolders: Grouping = (p) => {
  const [top, sub, ...rest] = p.split('/');
  return top === 'harness' && rest.length > 0 ? `harness/${sub}` : top!;
};

/** Folders that reach each other: a shortest cycle through the first, and every edge among them with its imports. */
export interface FolderCycle {
  folders: string[];
  cycle: string[];
  edges: Array<{ from: string; to: string; imports: string[] }>;
}

export function folderCycles(modules: readonly CruisedModule[], group: Grouping): FolderCycle[] {
  const edges = new Map<string, Map<string, string[]>>();
  for (const m of modules) {
    for (const d of m.dependencies) {
      const [from, to] = [group(m.source), group(d.resolved)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const imports = edges.get(from)!.get(to) ?? [];
      imports.push(`${m.source} -> ${d.resolved}`);
      edges.get(from)!.set(to, imports);
    }
  }
  const next = (folder: string) => [...(edges.get(folder)?.keys() ?? [])].sort();

  // Tarjan: the strongly connected components with more than one folder are the cycles.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);

  return components
    .sort((a, b) => a[0]!.localeCompare(b[0]!))
    .map((folders) => {
      const inside = new Set(folders);
      // Breadth-first from the first folder back to it, within the component.
      const start = folders[0]!;
      const before = new Map<string, string>();
      const queue = [start];
      let last: string | undefined;
      while (queue.length > 0 && last === undefined) {
        const v = queue.shift()!;
        for (const w of next(v).filter((f) => inside.has(f))) {
          if (w === start) {
            last = v;
            break;
          }
          if (!before.has(w)) {
            before.set(w, v);
            queue.push(w);
          }
        }
      }
      const cycle = [start];
      for (let v = last!; v !== start; v = before.get(v)!) cycle.splice(1, 0, v);
      cycle.push(start);
      const among = folders.flatMap((from) =>
        next(from)
          .filter((to) => inside.has(to))
          .map((to) => ({ from, to, imports: edges.get(from)!.get(to)!.sort() })),
      );
      return { folders, cycle, edges: among };
    });
}

export function describeCycle(level: string, c: FolderCycle): string {
  const lines = [
    `folder cycle (${level}): ${c.cycle.join(' -> ')}${c.folders.length > c.cycle.length - 1 ? ` (one of the cycles among ${c.folders.join(', ')})` : ''}`,
  ];
  for (const e of c.edges) lines.push(`  ${e.from} -> ${e.to}: ${e.imports[0]}${e.imports.length > 1 ? ` (+${e.imports.length - 1} more)` : ''}`);
  return lines.join('\n');
}

/** Cruises the tree with .dependency-cruiser.cjs. */
export async function cruiseTree(): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
  const { output } = await cruise(
    FOLDERS,
    { ...options, baseDir: ROOT, outputType: 'json' },
    {},
    { tsConfig: extractTSConfig(path.join(ROOT, 'tsconfig.json')) },
  );
  return typeof output === 'string' ? (JSON.parse(output) as ICruiseResult) : output;
}

/** Every problem found: dependency-cruiser's rule violations, then the folder cycles. */
export function importCycleProblems(result: ICruiseResult): string[] {
  const problems = result.summary.violations
    .filter((v) => v.rule.severity === 'error')
    .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : ''}`);
  for (const [level, group] of [
    ['top-level folders', topLevel],
    ['harness subfolders', harnessSubfolders],
  ] as const) {
    for (const c of folderCycles(result.modules, group)) problems.push(describeCycle(level, c));
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await cruiseTree();
  const problems = importCycleProblems(result);
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exitCode = 1;
  else console.log(`no import cycle: ${result.summary.totalCruised} modules, their top-level folders and harness/ subfolders`);
}
