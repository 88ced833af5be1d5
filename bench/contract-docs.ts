/**
 * `npm run docs:contract`: rewrites docs/contract.md and tenantproof.schema.json from the
 * contract's zod schema (harness/config/). harness/config/contract-docs.test.ts fails until this
 * has been run after a change to the schema.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractDocs } from '../harness/config/_internals/contract-docs.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
for (const [file, text] of Object.entries(contractDocs())) {
  writeFileSync(path.join(ROOT, file), text);
  process.stdout.write(`wrote ${file}\n`);
}
