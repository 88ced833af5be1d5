// dependency-cruiser rules for `npm run lint:cycles` (test/lint/import-cycles.ts runs them and adds the
// folder cycles dependency-cruiser cannot see). The layer order, highest first:
//   bin, bench -> suites -> harness -> generators, reports
// generators and reports import nothing of the others; nothing imports bin or bench.
const others = (...folders) => `^(${folders.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle: break it by moving what both sides need to the lower one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'reports-import-nothing-of-the-others',
      severity: 'error',
      comment: 'reports/ (verdict vocabulary, evidence store, renderers) is the bottom layer: it declares the shapes it reads itself.',
      from: { path: '^reports/' },
      to: { path: others('harness', 'suites', 'generators', 'bin', 'bench') },
    },
    {
      name: 'generators-import-nothing-of-the-others',
      severity: 'error',
      comment: 'generators/ are arbitraries of plain data; the harness builds on them, never the reverse.',
      from: { path: '^generators/' },
      to: { path: others('harness', 'suites', 'reports', 'bin', 'bench') },
    },
    {
      name: 'harness-never-imports-suites',
      severity: 'error',
      comment: 'The built-in catalogue reaches the CLI from bin/tenantproof.js; harness/ only knows invariant definitions.',
      from: { path: '^harness/' },
      to: { path: others('suites', 'bin', 'bench') },
    },
    {
      name: 'suites-never-import-entry-points',
      severity: 'error',
      from: { path: '^suites/' },
      to: { path: others('bin', 'bench') },
    },
    {
      name: 'nothing-imports-bin',
      severity: 'error',
      from: { pathNot: '^bin/' },
      to: { path: '^bin/' },
    },
    {
      name: 'nothing-imports-bench',
      severity: 'error',
      from: { pathNot: '^bench/' },
      to: { path: '^bench/' },
    },
  ],
  options: {
    includeOnly: others('harness', 'suites', 'generators', 'reports', 'bin', 'bench'),
    exclude: { path: '^reports/(run-|latest|zoo|golden)' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are edges too: a cycle of types is still a cycle of layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
