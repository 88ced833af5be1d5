/**
 * The contract's health check (target.healthPath, healthMethod, healthy), judged one way at
 * start-up and by RL-7 during a flood: a service whose health answer is a 204, a HEAD or a body
 * saying `"status":"ok"` is healthy exactly when its contract says so.
 */
import type { ResolvedConfig } from '../config/schema.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { describeExpectation, matches } from './expectation.ts';

type Target = ResolvedConfig['target'];

export const healthRequest = (target: Target): ProbeRequest => ({ method: target.healthMethod, path: target.healthPath });

export const isHealthy = (target: Target, res: ProbeResponse): boolean =>
  target.healthy ? matches(target.healthy, res) : res.status >= 200 && res.status < 300;

/** For messages: what a healthy answer is. */
export const healthyDescription = (target: Target): string => (target.healthy ? describeExpectation(target.healthy) : '2xx');
