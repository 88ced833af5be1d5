/**
 * The realtime contract for a check, or a recorded `skipped` verdict saying what the contract
 * lacks: a target without a websocket endpoint, or without a declared limit, is not failed.
 */
import type { RealtimeContract } from '../config/schema.ts';
import type { SuiteContext } from '../suite/context.ts';
import { recordSkipped } from '../suite/record-skipped.ts';

/** Returns the contract, or records `skipped` and returns undefined when it or what `needs` names is missing. */
export function requireRealtime(ctx: SuiteContext, invariant: string, needs?: (rt: RealtimeContract) => string | undefined): RealtimeContract | undefined {
  const rt = ctx.config.realtime;
  const missing = rt === undefined ? 'the contract declares no `realtime` endpoint' : needs?.(rt);
  if (rt !== undefined && missing === undefined) return rt;
  recordSkipped(ctx, invariant, missing!);
  return undefined;
}
