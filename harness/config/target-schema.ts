/** The contract's `target` section: how the service under test is started, or where it already runs. */
import { z } from 'zod';
import { expectation, fn } from './schema-primitives.ts';

/** Everything the harness computed that a target may need in its environment. */
export interface ComputedEnv {
  host: string;
  port: number;
  baseUrl: string;
  databaseUrl: string;
  databaseAdminUrl: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  publicKeyPem?: string;
  sharedSecret?: string;
  leewaySeconds: number;
  jwksCacheSeconds: number;
}

export const target = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({
        description:
          'The program and arguments that start the service; it must listen on the `PORT` (and `HOST`) it is given. Exactly one of `command` and `url`.',
        examples: [['npm', 'start']],
      }),
    cwd: z
      .string()
      .optional()
      .meta({ description: "The command's working directory, relative to the config file (default its folder).", examples: ['../api'] }),
    env: fn<(computed: ComputedEnv) => Record<string, string>>('computed => environment')
      .optional()
      .meta({
        description:
          'A function of what the harness computed (`{ host, port, baseUrl, databaseUrl, databaseAdminUrl, jwksUrl?, issuer, audience, algorithms, publicKeyPem?, sharedSecret?, leewaySeconds, jwksCacheSeconds }`) returning environment variables added to, or overriding, the defaults: `PORT`, `HOST`, `DATABASE_URL` (as the application role), `DATABASE_ADMIN_URL`, `JWT_ISSUER`, `JWT_AUDIENCE`, `JWT_ALGORITHMS`, `JWT_LEEWAY_SECONDS`, `JWKS_CACHE_SECONDS` and, by mode, `JWKS_URL`, `JWT_PUBLIC_KEY` or `JWT_SECRET`.',
        examples: ["(c) => ({ LISTEN: `${c.host}:${c.port}`, PG_URL: c.databaseUrl, OIDC_JWKS_URI: c.jwksUrl ?? '' })"],
      }),
    url: z
      .string()
      .url()
      .optional()
      .meta({
        description:
          'Base URL of a service that is already running (staging): the harness starts nothing and only probes it. Exactly one of `command` and `url`.',
        examples: ['https://staging.example.test'],
      }),
    healthPath: z
      .string()
      .startsWith('/')
      .default('/health')
      .meta({
        description: 'The path polled until the service is ready (and by RL-7 during a flood); healthy is any 2xx unless `healthy` says otherwise.',
        examples: ['/readyz'],
      }),
    healthMethod: z
      .enum(['GET', 'HEAD', 'POST', 'OPTIONS'])
      .default('GET')
      .meta({ description: 'The method of the health request.', examples: ['HEAD'] }),
    healthy: expectation.optional().meta({
      description:
        'What a healthy answer is: a list of statuses, or a predicate `(res: { status, headers, text, json }) => boolean` over the whole response. Default: any 2xx.',
      examples: [[204]],
    }),
    startTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(20_000)
      .meta({ description: 'How long the service may take to answer on `healthPath`.', examples: [60_000] }),
    replayEnv: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'))
      .default([])
      .meta({
        description:
          "Environment variables besides `TENANTPROOF_*` that select the target's behaviour (a bug switch, a feature flag): recorded with each run and set again by its replay command.",
        examples: [['FEATURE_FLAGS']],
      }),
  })
  .refine((t) => Boolean(t.command) !== Boolean(t.url), { message: 'exactly one of target.command or target.url', path: ['command'] })
  .meta({ description: 'The service under test: a command the harness starts (and stops), or the URL of one already running.' });
