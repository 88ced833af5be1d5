#!/usr/bin/env node
// Registers tsx so the TypeScript sources and the user's tenantproof.config.ts load without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
const code = await main(process.argv.slice(2));
// Vitest and pools may hold handles open; the verdict is final, so leave now with its code.
process.exit(code);
