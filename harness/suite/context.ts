/**
 * What a suite file gets: the running target, the contract, ground truth and evidence, rebuilt in
 * the vitest worker from the serialisable handle the global setup provided.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { faker } from '@faker-js/faker';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import type { Actor, ResolvedConfig } from '../config/schema.ts';
import { withCredentials } from '../http/credentials.ts';
import { HttpClient } from '../http/client.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { mintToken, type MintOptions } from '../identity/index.ts';
import type { InvariantVerdict } from '../checks/verdict.ts';
import type { EnvironmentHandle, UserRecord, World } from '../world.ts';
import { EvidenceWriter } from '../../reports/evidence-writer.ts';
import { redact } from '../../reports/redact.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    tenantproof: EnvironmentHandle;
  }
}

/** How a probe presents credentials: a real token for an actor, a given token, raw text, or none. */
export type Credentials = { actor: Actor; claims?: Record<string, unknown>; mint?: MintOptions } | { token: string } | { raw: string } | 'none';

export interface SuiteContext {
  handle: EnvironmentHandle;
  config: ResolvedConfig;
  world: World;
  admin: pg.Pool;
  http: HttpClient;
  evidence: EvidenceWriter;
  /** The claims a complete, valid token carries for `actor`. */
  claimsFor(actor: Actor): Record<string, unknown>;
  token(actor: Actor, claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Sends a probe with credentials placed per the contract and logs it as evidence. */
  send(invariant: string, credentials: Credentials, req: ProbeRequest, label?: string): Promise<ProbeResponse>;
  record(verdict: InvariantVerdict): void;
  userOf(id: string): UserRecord;
  close(): Promise<void>;
}

const EXCERPT = 600;

/** Builds the suite context; call once per suite file (in `beforeAll`). */
export async function useSuite(): Promise<SuiteContext> {
  const handle = inject('tenantproof');
  if (!handle) throw new Error('tenantproof suites run under the tenantproof global setup (tenantproof run/certify)');
  const { config } = await loadConfig(handle.configPath);
  faker.seed(handle.seed);
  const http = new HttpClient(handle.baseUrl);
  const admin = new pg.Pool({ connectionString: handle.adminUrl, max: 4 });
  const evidence = new EvidenceWriter(handle.runDir);
  const claimNames = config.identity.claims;
  const usersById = new Map(handle.world.users.map((u) => [u.id, u]));

  const claimsFor = (actor: Actor): Record<string, unknown> => ({
    [claimNames.user]: actor.id,
    [claimNames.tenant]: actor.tenantId,
    [claimNames.role]: actor.role,
    ...config.identity.extraClaims?.(actor),
  });
  const token = (actor: Actor, claims?: Record<string, unknown>, options?: MintOptions) =>
    mintToken(handle.identity, claims ?? claimsFor(actor), { ttlSeconds: config.identity.ttlSeconds, ...options });

  return {
    handle,
    config,
    world: handle.world,
    admin,
    http,
    evidence,
    claimsFor,
    token,
    async send(invariant, credentials, req, label) {
      let placed = req;
      let actor: string | undefined;
      if (credentials !== 'none') {
        if ('actor' in credentials) {
          actor = `${credentials.actor.tenantId}/${credentials.actor.id}`;
          const jwt = await token(credentials.actor, credentials.claims, credentials.mint);
          placed = withCredentials(req, config.identity.transport, jwt);
        } else if ('token' in credentials) {
          placed = withCredentials(req, config.identity.transport, credentials.token);
        } else {
          placed = withCredentials(req, config.identity.transport, undefined, credentials.raw);
        }
      }
      const res = await http.send(placed);
      evidence.write({
        invariant,
        kind: 'http',
        actor,
        label,
        request: { method: req.method, path: req.path, query: placed.query, body: req.body, credentials: credentials === 'none' ? 'none' : 'redacted' },
        response: {
          status: res.status,
          bodyExcerpt: res.text.slice(0, EXCERPT),
          bodySha256: createHash('sha256').update(res.text).digest('hex'),
        },
      });
      return res;
    },
    record(verdict) {
      const dir = path.join(handle.runDir, 'verdicts');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${verdict.id}.json`), redact(JSON.stringify(verdict, null, 2)));
    },
    userOf(id) {
      const user = usersById.get(id);
      if (!user) throw new Error(`no provisioned user ${id}`);
      return user;
    },
    async close() {
      evidence.flush();
      await Promise.allSettled([http.close(), admin.end()]);
    },
  };
}

/**
 * Registers the suite context for the calling suite file: built before its tests, closed after.
 * Returns a getter because the context exists only once `beforeAll` has run.
 */
export function registerSuite(): () => SuiteContext {
  let ctx: SuiteContext | undefined;
  beforeAll(async () => {
    ctx = await useSuite();
  });
  afterAll(async () => ctx?.close());
  return () => {
    if (!ctx) throw new Error('suite context used before beforeAll ran');
    return ctx;
  };
}
