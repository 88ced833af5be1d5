/**
 * Polls a health URL until it answers healthy, the deadline passes, or the caller aborts (the
 * target exited), remembering the last answer so a timeout can say what the target was saying.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { probeResponse } from '../../http/probe-response.ts';
import type { ProbeResponse } from '../../http/types.ts';

const ATTEMPT_TIMEOUT_MS = 1_000;
const BACKOFF_MS = 50;

/** The request polled until the target is up, and what a healthy answer is (default: any 2xx, as `description` says). */
export interface HealthCheck {
  url: string;
  method?: string;
  accepts?: (res: ProbeResponse) => boolean;
  description?: string;
}

export type HealthResult = { healthy: true } | { healthy: false; lastResponse: string };

export async function waitForHealth(check: HealthCheck, timeoutMs: number, signal: AbortSignal): Promise<HealthResult> {
  const deadline = Date.now() + timeoutMs;
  let lastResponse = 'none';
  while (!signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const attemptMs = Math.min(ATTEMPT_TIMEOUT_MS, remaining);
    try {
      const res = await request(check.url, {
        method: check.method ?? 'GET',
        signal: AbortSignal.any([signal, AbortSignal.timeout(attemptMs)]),
        headersTimeout: attemptMs,
        bodyTimeout: attemptMs,
        // No kept-alive socket to a target that is about to be stopped.
        reset: true,
      });
      const text = await res.body.text();
      const answer = probeResponse(res.statusCode, res.headers, text);
      if (check.accepts ? check.accepts(answer) : answer.status >= 200 && answer.status < 300) return { healthy: true };
      lastResponse = `HTTP ${res.statusCode}${text ? `: ${text.slice(0, 120)}` : ''}`;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      // An attempt the deadline cut short says nothing about the target; keep what it last said.
      const cutShort = timedOut && attemptMs < ATTEMPT_TIMEOUT_MS && lastResponse !== 'none';
      if (!cutShort) lastResponse = timedOut ? `no answer within ${attemptMs} ms` : `${e.code ?? e.name}: ${e.message}`;
    }
    try {
      await sleep(Math.min(BACKOFF_MS, Math.max(0, deadline - Date.now())), undefined, { signal });
    } catch {
      break;
    }
  }
  return { healthy: false, lastResponse };
}
