import { describe, expect, test } from 'vitest';
import { eventId } from './event-id.ts';

describe('eventId', () => {
  test('an event id read as a number compares as the text the API ids are', () => {
    const rt = { event: (m: unknown) => ((m as { type: string; id?: number }).type === 'event' ? { id: (m as { id?: number }).id } : undefined) };
    expect(eventId(rt, { type: 'event', id: 42 })).toBe('42');
    expect(eventId(rt, { type: 'event' })).toBeUndefined();
    expect(eventId(rt, { type: 'pong', id: 42 })).toBeUndefined();
  });
});
