/**
 * The contract's `realtime` section: the websocket endpoint, token placement, subscription,
 * declared limits and flood bounds.
 */
import { z } from 'zod';
import { SNIPPET_KEYWORD, fn, transport, type Actor } from './schema-primitives.ts';

/** Statuses of a refused websocket upgrade, and close codes of a socket closed as refused. */
const socketRefusal = (why: string, statuses: number[], closeCodes: number[], code: string) =>
  z
    .strictObject({
      statuses: z
        .array(z.number().int().min(100).max(599))
        .default(statuses)
        .meta({ description: `HTTP statuses of an upgrade refused ${why}.` }),
      closeCodes: z
        .array(z.number().int().min(1000).max(4999))
        .default(closeCodes)
        .meta({ description: `Close codes of an open socket closed ${why}; not read when \`frame\` is declared.` }),
      frame: z
        .union([
          fn<(message: unknown) => boolean>('message => refusal'),
          z.record(
            z.string(),
            z.unknown().meta({ description: 'A key of the refusal frame and the value it must have there (compared as JSON).', examples: [code] }),
          ),
        ])
        .optional()
        .meta({
          description: `A service that refuses ${why} with an error frame on the open socket instead of closing it: a predicate over a received message (parsed JSON, or the raw text), or a partial object every key of which the message must carry with that value. Declared, an open socket counts as refused only when such a frame arrives, whatever its close code.`,
          examples: [{ type: 'error', code }],
        }),
    })
    .prefault({})
    .meta({
      description: `How a socket refused ${why} looks: a refused upgrade, or an accepted one closed with one of these codes (or, when \`frame\` is declared, sent that error frame).`,
    });

/** A declared `max` per `windowMs`. */
const rateFields = (what: string, example: { max: number; windowMs: number }) =>
  z.strictObject({
    max: z
      .number()
      .int()
      .positive()
      .meta({ description: `The most ${what} allowed per window.`, examples: [example.max] }),
    windowMs: z
      .number()
      .int()
      .positive()
      .meta({ description: 'The window, in milliseconds.', examples: [example.windowMs] }),
  });

const rate = (what: string, example: { max: number; windowMs: number }) =>
  rateFields(what, example)
    .optional()
    .meta({ description: `At most \`max\` ${what} per \`windowMs\`.`, examples: [example] });

/** The message limit, and whom one budget covers. */
const messageRate = rateFields('messages', { max: 60, windowMs: 1000 })
  .extend({
    per: z
      .enum(['socket', 'user'])
      .default('socket')
      .meta({
        description:
          'What one budget covers: each socket (`socket`), or all sockets of one user together (`user`): RL-3 then bursts from parallel sockets of one user, and RL-6 spreads its honest traffic over them.',
        examples: ['user'],
      }),
    window: z
      .enum(['sliding', 'fixed'])
      .default('sliding')
      .meta({
        description:
          "How the window moves. `sliding` (the default, what RL-3 always assumed): at most `max` in every `windowMs`-long interval, so RL-3 also checks that the count never resets, with a burst just before and one just after where a fixed window opened at the first message would reset. `fixed`: the count resets every `windowMs` (from the first message, or on the clock), so a burst that straddles a reset may legitimately get up to twice `max`: RL-3 judges a burst over `max` again half a window later, where no reset can fall inside it. RL-6's honest pacing keeps every window-length interval under the limit, honest under both.",
        examples: ['fixed'],
      }),
  })
  .optional()
  .meta({
    description: 'At most `max` messages per `windowMs`, per socket or per user across its sockets, in a sliding or fixed window (RL-3).',
    examples: [{ max: 60, windowMs: 1000, per: 'user', window: 'fixed' }],
  });

const windowMs = z.number().int().positive();

export const realtime = z
  .strictObject({
    path: z
      .string()
      .startsWith('/')
      .default('/realtime')
      .meta({ description: "Path of the websocket endpoint on the target's base URL (http becomes ws).", examples: ['/ws'] }),
    auth: z
      .discriminatedUnion('in', [
        transport.options[0],
        transport.options[1],
        transport.options[2],
        z.strictObject({
          in: z.literal('subprotocol'),
          prefix: z
            .string()
            .default('')
            .meta({ description: 'Put before the token in the offered subprotocol.', examples: ['access_token.'] }),
        }),
        z.strictObject({
          in: z.literal('message'),
          build: fn<(token: string) => unknown>('token => first message').meta({
            description: 'A function of the token returning the first message sent on the socket (sent as JSON unless it is a string).',
            examples: ["(token) => ({ type: 'auth', token })"],
          }),
        }),
      ])
      .optional()
      .meta({
        description:
          "How the token travels on the socket; default as `identity.transport` says. Also `{ in: 'subprotocol', prefix? }` or `{ in: 'message', build }`.",
        examples: [{ in: 'query', name: 'access_token' }],
      }),
    resources: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'Resources whose create, update and delete publish an event (default: every declared resource).', examples: [['notes']] }),
    topic: fn<(actor: Actor) => string>('actor => topic').meta({
      description: "A function of a provisioned user returning the topic that carries its tenant's events; another tenant's topic is `topic(victim)` (TI-6).",
      examples: ['(actor) => `tenant:${actor.tenantId}`'],
    }),
    subscribe: fn<(topic: string) => unknown>('topic => message').meta({
      description: 'A function of a topic returning the message that subscribes to it.',
      examples: ["(topic) => ({ type: 'subscribe', topic })"],
    }),
    subscribed: fn<(message: unknown, topic: string) => boolean>('(message, topic) => acknowledged').meta({
      description: 'A function of a received message (parsed JSON, or the raw text) and a topic: whether it acknowledges the subscription.',
      examples: ["(m, topic) => msg(m).type === 'subscribed' && msg(m).topic === topic"],
    }),
    subscribeRefused: fn<(message: unknown, topic: string) => boolean>('(message, topic) => refused').meta({
      description: 'A function of a received message and a topic: whether it refuses the subscription.',
      examples: ["(m, topic) => msg(m).type === 'error' && msg(m).topic === topic"],
    }),
    event: fn<(message: unknown) => { id?: string | number } | undefined>('message => event').meta({
      description:
        'A function of a received message returning the resource-change event it is (`{ id }`, the resource id it concerns), or undefined for other messages.',
      examples: ["(m) => (msg(m).type === 'event' ? { id: msg(m).id } : undefined)"],
    }),
    ping: fn<(n: number, padding: string) => unknown>('(n, padding) => message').meta({
      description:
        'A function of a sequence number and a padding string returning a message the target acknowledges; the padding makes it as large as a size check needs.',
      examples: ["(n, padding) => ({ type: 'ping', id: n, padding })"],
    }),
    pong: fn<(message: unknown, n: number) => boolean>('(message, n) => acknowledged').meta({
      description: 'A function of a received message and a sequence number: whether it acknowledges ping `n`.',
      examples: ["(m, n) => msg(m).type === 'pong' && msg(m).id === n"],
    }),
    refusals: z
      .strictObject({
        unauthenticated: socketRefusal('for a missing or invalid token', [401], [4001, 4401, 1008], 'unauthenticated'),
        forbidden: socketRefusal('as forbidden', [403], [4003, 1008], 'forbidden'),
        throttled: socketRefusal('for a limit', [429], [4029, 1008, 1013], 'rate_limited'),
        tooLarge: socketRefusal('for an oversized message', [413], [1009], 'too_large'),
      })
      .prefault({})
      .meta({
        description: 'How each kind of refusal looks on a socket.',
        [SNIPPET_KEYWORD]: `refusals: {
  // Upgrades refused with 401; a bad first message closes the socket 4401.
  unauthenticated: { statuses: [401], closeCodes: [4401] },
  // Over a limit the socket stays open and gets {"type":"error","code":"rate_limited"}: RL-3 and
  // RL-5 count that frame as the refusal, and a close code alone does not count.
  throttled: { statuses: [429], frame: { type: 'error', code: 'rate_limited' } },
  // The same as a predicate, for a shape a partial object cannot say.
  tooLarge: { frame: (m) => msg(m).type === 'error' && String(msg(m).code).startsWith('too_large') },
},`,
      }),
    allowedOrigins: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description:
          'Origins a browser may open a socket from; an upgrade from any other `Origin` must be refused (WEB-3). Left empty, WEB-3 runs only when the socket token travels in a cookie, which a foreign page can make the browser send, and then every origin is foreign.',
        examples: [['https://app.example.test']],
        [SNIPPET_KEYWORD]: `realtime: {
  // ...path, topic, subscribe and the other keys above
  allowedOrigins: ['https://app.example.test'],
  // WEB-3 then opens a socket with Origin: https://app.example.test, which must subscribe, and
  // with foreign ones (null, look-alikes, an http downgrade, random sites), which must be refused:
  // the upgrade answered with refusals.forbidden.statuses (default 403), or the socket closed
  // with one of its closeCodes (default 4003, 1008).
},`,
      }),
    trustedProxyHeaders: z
      .array(z.string().min(1))
      .default([])
      .meta({ description: 'Forwarded-for headers the target is declared to trust; any other must not lift a per-IP limit.', examples: [['x-forwarded-for']] }),
    limits: z
      .strictObject({
        connectionsPerIp: rate('new connections from one IP', { max: 10, windowMs: 2000 }),
        concurrentPerUser: z
          .number()
          .int()
          .positive()
          .optional()
          .meta({ description: 'The most sockets one user may hold open at once (RL-2).', examples: [5] }),
        messages: messageRate,
        maxMessageBytes: z
          .number()
          .int()
          .positive()
          .optional()
          .meta({ description: 'The largest message the target accepts (RL-4).', examples: [10_240] }),
        ban: z
          .strictObject({
            after: z
              .number()
              .int()
              .positive()
              .meta({ description: 'Violations that lead to a ban.', examples: [3] }),
            withinMs: windowMs.meta({ description: 'The window the violations are counted in, in milliseconds.', examples: [10_000] }),
            forMs: windowMs.meta({ description: 'How long the ban lasts, in milliseconds.', examples: [1500] }),
          })
          .optional()
          .meta({
            description: 'After `after` violations within `withinMs`, new sockets from the IP are refused for `forMs` (RL-5).',
            examples: [{ after: 3, withinMs: 10_000, forMs: 1500 }],
          }),
      })
      .prefault({})
      .meta({
        description: 'The declared limits (RL-1 connections per IP, RL-2 per user, RL-3 messages, RL-4 size, RL-5 ban); a limit left out is not checked.',
      }),
    healthLatencyMs: z
      .number()
      .int()
      .positive()
      .default(1000)
      .meta({ description: 'RL-7: the health endpoint must answer within this during a flood.', examples: [500] }),
    flood: z
      .strictObject({
        durationMs: z.number().int().positive().max(30_000).default(1500).meta({ description: 'The longest the flood lasts.' }),
        maxMessages: z.number().int().positive().default(3000).meta({ description: 'The most messages it sends.' }),
        maxConnections: z.number().int().positive().default(100).meta({ description: 'The most sockets it opens.' }),
      })
      .prefault({})
      .meta({ description: "RL-7: the flood's bounds; it stops at whichever comes first." }),
  })
  .meta({
    description:
      'Realtime (AUTH-5, TI-6, RL-1..7, WEB-3): where the websocket is, how a token travels on it, how to subscribe and read events, and the declared limits. Messages are parsed JSON (raw text when not JSON). Without this section those checks are skipped.',
    [SNIPPET_KEYWORD]: `// Messages arrive parsed (JSON, or the raw text); the examples above read them through this.
const msg = (m: unknown) => (m ?? {}) as { type?: string; topic?: string; id?: string | number };

realtime: {
  path: '/realtime',
  auth: { in: 'query', name: 'access_token' },
  topic: (actor) => \`tenant:\${actor.tenantId}\`,
  subscribe: (topic) => ({ type: 'subscribe', topic }),
  subscribed: (m, topic) => msg(m).type === 'subscribed' && msg(m).topic === topic,
  subscribeRefused: (m, topic) => msg(m).type === 'error' && msg(m).topic === topic,
  event: (m) => (msg(m).type === 'event' ? { id: msg(m).id } : undefined),
  ping: (n, padding) => ({ type: 'ping', id: n, padding }),
  pong: (m, n) => msg(m).type === 'pong' && msg(m).id === n,
  // Upgrades with any other Origin header must be refused (WEB-3).
  allowedOrigins: ['https://app.example.test'],
  limits: { connectionsPerIp: { max: 10, windowMs: 2000 }, concurrentPerUser: 5, maxMessageBytes: 10_240 },
},`,
  });
