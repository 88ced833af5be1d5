/**
 * Which of `candidates` (foreign resource ids) a realtime frame carries: the event's own id as the
 * contract reads it, and any distinctive id found anywhere in the frame's text. A bare integer id is
 * not distinctive: `3` turns up in a pong's counter or a timestamp without naming row 3, so integer
 * keys count only where the contract's `event()` reads them as the event's id.
 */
export function idsInFrame(text: string, eventId: string | undefined, candidates: Iterable<string>): string[] {
  return [...candidates].filter((id) => id === eventId || (!/^-?\d+$/.test(id) && text.includes(id)));
}
