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

const ANSWER_EXCERPT = 160;

/**
 * What came back, told against an expectation: the status for a status set; for a predicate, which
 * reads the body (a GraphQL server answers 200 to a refusal too), the status and a body excerpt.
 */
export function describeAnswer(expectation: Expectation, res: ProbeResponse): string {
  if (typeof expectation !== 'function') return String(res.status);
  const body = res.text.replace(/\s+/g, ' ');
  return `${res.status} ${body.length > ANSWER_EXCERPT ? `${body.slice(0, ANSWER_EXCERPT)}...` : body}`.trim();
}
