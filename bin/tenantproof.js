#!/usr/bin/env node
// Registers tsx so the TypeScript sources and the user's tenantproof.config.ts load without a build.
import { register } from 'tsx/esm/api';

register();
// The composition root: the CLI (harness/) gets the built-in catalogue (suites/) handed in, so
// the harness never imports the invariants that are built on it.
const { main } = await import('../harness/cli/main.ts');
const { INVARIANTS } = await import('../suites/index.ts');
const code = await main(process.argv.slice(2), INVARIANTS);
// Vitest and pools may hold handles open; the verdict is final, so leave now with its code.
process.exit(code);
