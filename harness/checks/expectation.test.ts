import { describe, expect, test } from 'vitest';
import { describeAnswer, describeExpectation, matches } from './expectation.ts';

const graphqlRefusal = {
  status: 200,
  headers: {},
  text: '{"errors":[{"message":"nope","extensions":{"code":"NOT_FOUND"}}],"data":{"document":null}}',
  json: undefined,
};
const refused = (res: { text: string }) => res.text.includes('NOT_FOUND');

describe('expectations over whole responses', () => {
  test('a predicate judges the body, where a status set sees only the 200', () => {
    expect(matches(refused, graphqlRefusal)).toBe(true);
    expect(matches([403, 404], graphqlRefusal)).toBe(false);
  });
  test('an answer judged by a predicate is told with its body, since its status says nothing', () => {
    expect(describeAnswer(refused, graphqlRefusal)).toBe(`200 ${graphqlRefusal.text}`);
    expect(describeAnswer(refused, { ...graphqlRefusal, text: 'x'.repeat(400) })).toBe(`200 ${'x'.repeat(160)}...`);
    expect(describeAnswer([404], graphqlRefusal)).toBe('200');
    expect(describeExpectation(refused)).toBe('predicate refused');
  });
});
