/** What a contract's request builder returns: one HTTP request, before credentials are placed. */
export interface ProbeRequest {
  method: string;
  /** Path relative to the target's base URL, e.g. `/notes/42`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  /** `resource.operation` when an operation builder made it: recorded with the probe, for the report's coverage. Never sent. */
  operation?: string;
}

/** What came back, in a form contract predicates and checks can read without I/O. */
export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  json: unknown;
}
