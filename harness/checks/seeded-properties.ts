/**
 * Which invariants drew their cases from a seeded property (`checkProperty`) in this process: the
 * ones a further `--explore` round can add cases to. A static audit, a lint or a one-off timed
 * scenario would only repeat itself, so the explorer asks here rather than re-running every check.
 */
const seeded = new Set<string>();

/** Called by checkProperty for the invariant it runs. */
export function noteSeededProperty(invariant: string): void {
  seeded.add(invariant);
}

/** Whether `invariant`'s check ran a seeded property in this process. */
export function drewSeededCases(invariant: string): boolean {
  return seeded.has(invariant);
}
