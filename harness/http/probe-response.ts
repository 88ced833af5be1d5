import type { ProbeResponse } from './types.ts';

/** A response as checks see it: flat header values, and the body parsed when it is JSON. */
export function probeResponse(status: number, headers: Record<string, string | string[] | undefined>, text: string): ProbeResponse {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status, headers: flat, text, json: parseJson(text, flat['content-type']) };
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!text || !(contentType?.includes('json') ?? /^[[{]/.test(text))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
