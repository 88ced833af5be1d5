/**
 * The most of `times` (ms, any order) that fall in one half-open interval `windowMs` long: what a
 * sliding window counts at its fullest, and at least what any fixed window of that length does.
 */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
