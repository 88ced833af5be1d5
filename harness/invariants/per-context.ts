import type { SuiteContext } from '../suite/suite-context.ts';

/**
 * Work shared by the invariants of one module (a lint, a table discovery), done once per suite
 * context when the first of them asks for it.
 */
export function perContext<T>(compute: (ctx: SuiteContext) => Promise<T>): (ctx: SuiteContext) => Promise<T> {
  const cache = new WeakMap<SuiteContext, Promise<T>>();
  return (ctx) => {
    let value = cache.get(ctx);
    if (!value) {
      value = compute(ctx);
      cache.set(ctx, value);
    }
    return value;
  };
}
