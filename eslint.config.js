// typescript-eslint, type-aware. The rules that matter here are the promise rules: an un-awaited probe
// promise would let a check finish before its probe does, and the check would report `held` falsely.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'types/', '.tenantproof/', '.ci/out/', 'reports/golden/', 'reports/run-*/', 'reports/latest', 'reports/zoo/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json includes every .ts directory; the few .js/.cjs files get a default project.
        projectService: { allowDefaultProject: ['*.js', '*.cjs', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `const { seal: _seal, ...rest } = x` is how the tree drops a member; that is a use.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // These walk libpg-query parse trees, and tests read JSON documents, by shape: untyped JSON on purpose.
    files: ['harness/migrations/**/*.ts', 'harness/database/statement-effects.ts', '**/*.test.ts', '**/test-support.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The .js/.cjs files (CLI entry, tool configs) run on Node; TypeScript checks no globals in them.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
);
