import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { configPathOf, findConfig } from './find-config.ts';
import { tempDirs } from '../../reports/test-support/temp-dirs.ts';

const project = tempDirs('tp-find-');

describe('finding the contract', () => {
  test('the nearest tenantproof.config.* from a subfolder upward, in any of the extensions', () => {
    const root = project();
    const deep = path.join(root, 'services', 'api', 'src');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, 'tenantproof.config.mjs'), 'export default {}');
    expect(findConfig(deep)).toBe(path.join(root, 'tenantproof.config.mjs'));
    writeFileSync(path.join(root, 'services', 'tenantproof.config.cts'), 'export default {}');
    expect(findConfig(deep)).toBe(path.join(root, 'services', 'tenantproof.config.cts'));
  });

  test('--config wins; none found is an error naming the file names; two in one folder is refused', () => {
    const root = project();
    expect(configPathOf('elsewhere.ts', root)).toBe('elsewhere.ts');
    // The temp folder's ancestors hold no contract on a clean machine.
    expect(() => configPathOf(undefined, root)).toThrow(/no tenantproof\.config\.ts, tenantproof\.config\.mts, .* in .* or any folder above it/);
    writeFileSync(path.join(root, 'tenantproof.config.ts'), 'export default {}');
    writeFileSync(path.join(root, 'tenantproof.config.js'), 'export default {}');
    expect(() => findConfig(root)).toThrow(/tenantproof\.config\.ts and tenantproof\.config\.js: keep one, or pass --config/);
  });
});
