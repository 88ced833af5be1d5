import type { Expectation } from '../config/schema.ts';
import type { ProbeResponse } from '../http/types.ts';

/** Whether a response matches a contract expectation (status set or predicate). */
export function matches(expectation: Expectation, res: ProbeResponse): boolean {
  return typeof expectation === 'function' ? expectation(res) : expectation.includes(res.status);
}

/** Human-readable form of an expectation for evidence and counterexamples. */
export function describeExpectation(expectation: Expectation): string {
  return typeof expectation === 'function' ? `predicate ${expectation.name || '(anonymous)'}` : `status in [${expectation.join(', ')}]`;
}
