import { describe, expect, test } from 'vitest';
import { Unprovable } from '../checks/check-property.ts';
import { honestBurstProblem } from './honest-http.ts';

const limit = { max: 20, windowMs: 2000 };

describe('honestBurstProblem', () => {
  test('the whole declared max let through holds', () => {
    expect(honestBurstProblem({ sent: 20, throttled: 0, elapsedMs: 90 }, limit)).toBeUndefined();
  });

  test('a throttle within the window is a limit stricter than declared', () => {
    expect(honestBurstProblem({ sent: 20, throttled: 17, elapsedMs: 90 }, limit)).toBe(
      '17 of 20 honest HTTP requests throttled within 90 ms (limit 20 per 2 s)',
    );
  });

  test('a throttle on a burst that outlasted the window proves nothing', () => {
    expect(() => honestBurstProblem({ sent: 20, throttled: 1, elapsedMs: 2000 }, limit)).toThrow(Unprovable);
  });

  test('a slow burst with nothing throttled still holds', () => {
    expect(honestBurstProblem({ sent: 20, throttled: 0, elapsedMs: 5000 }, limit)).toBeUndefined();
  });

  test('a burst over the declared max is not honest and never judged', () => {
    expect(() => honestBurstProblem({ sent: 21, throttled: 1, elapsedMs: 90 }, limit)).toThrow(RangeError);
  });
});
