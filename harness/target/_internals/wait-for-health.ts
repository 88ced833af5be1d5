/**
 * Polls a health URL until it answers 2xx, the deadline passes, or the caller aborts (the target
 * exited), remembering the last answer so a timeout can say what the target was saying.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

const ATTEMPT_TIMEOUT_MS = 1_000;
const BACKOFF_MS = 50;

export type HealthResult = { healthy: true } | { healthy: false; lastResponse: string };

export async function waitForHealth(url: string, timeoutMs: number, signal: AbortSignal): Promise<HealthResult> {
  const deadline = Date.now() + timeoutMs;
  let lastResponse = 'none';
  while (!signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const attemptMs = Math.min(ATTEMPT_TIMEOUT_MS, remaining);
    try {
      const res = await request(url, {
        method: 'GET',
        signal: AbortSignal.any([signal, AbortSignal.timeout(attemptMs)]),
        headersTimeout: attemptMs,
        bodyTimeout: attemptMs,
        // No kept-alive socket to a target that is about to be stopped.
        reset: true,
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return { healthy: true };
      lastResponse = `HTTP ${res.statusCode}`;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      lastResponse = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${attemptMs} ms` : `${e.code ?? e.name}: ${e.message}`;
    }
    try {
      await sleep(Math.min(BACKOFF_MS, Math.max(0, deadline - Date.now())), undefined, { signal });
    } catch {
      break;
    }
  }
  return { healthy: false, lastResponse };
}
