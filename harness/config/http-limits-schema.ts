/** The contract's `httpLimits` section (RL-6, RL-8): a declared HTTP request limit. */
import { z } from 'zod';
import type { ProbeRequest } from '../http/types.ts';
import { expectation, fn, type Actor } from './schema-primitives.ts';

export const httpLimits = z
  .strictObject({
    request: fn<(actor: Actor) => ProbeRequest>('actor => request').meta({
      description: 'A function of a provisioned user returning the request the limit applies to.',
      examples: ["() => ({ method: 'GET', path: '/search', query: { q: 'x' } })"],
    }),
    per: z
      .enum(['user', 'ip'])
      .default('user')
      .meta({ description: 'Whether the limit counts per user (token) or per client IP.', examples: ['ip'] }),
    max: z
      .number()
      .int()
      .positive()
      .meta({ description: 'The most requests allowed per window.', examples: [20] }),
    windowMs: z
      .number()
      .int()
      .positive()
      .meta({ description: 'The window, in milliseconds.', examples: [2000] }),
    throttled: expectation
      .default([429])
      .meta({ description: 'How a throttled answer looks: statuses, or a function of the response.', examples: [[429, 503]] }),
  })
  .meta({
    description:
      'RL-6 and RL-8: a declared HTTP request limit, `max` requests per `windowMs` per user or per client IP on `request`: RL-8 checks no more get through, RL-6 that exactly `max` on a fresh budget all do. Without this section RL-8 is skipped, and RL-6 too when there is no `realtime` section.',
  });
