import type { RealtimeContract } from '../config/schema.ts';

/**
 * The resource id a realtime message concerns, as text (the contract's `event()` may read an
 * integer key as a number), or undefined for a message that is no resource event.
 */
export function eventId(rt: Pick<RealtimeContract, 'event'>, message: unknown): string | undefined {
  const id = rt.event(message)?.id;
  return id === undefined || id === null ? undefined : String(id);
}
