import { describe, expect, test } from 'vitest';
import { busiestWindow } from './busiest-window.ts';

describe('busiestWindow', () => {
  test('counts the fullest half-open interval, in any order', () => {
    expect(busiestWindow([], 1000)).toBe(0);
    expect(busiestWindow([5, 0, 999, 1000], 1000)).toBe(3);
    // Two rounds a window apart never share one.
    expect(busiestWindow([0, 10, 20, 1020, 1030], 1000)).toBe(3);
    expect(busiestWindow([0, 10, 20, 1019, 1030], 1000)).toBe(3);
    expect(busiestWindow([0, 10, 20, 1009, 1030], 1000)).toBe(3);
    expect(busiestWindow([0, 10, 20, 1005, 1009], 1000)).toBe(4);
  });
});
