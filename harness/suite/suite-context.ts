/**
 * What a suite file gets: the running target, the contract, ground truth and evidence, rebuilt
 * from the serialisable environment handle. Free of vitest, so tools such as the bench can use it.
 */
import { createHash } from 'node:crypto';
import { filler } from '../provision/filler.ts';
import pg from 'pg';
import { actorClaims } from '../config/actor-claims.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Actor, ResolvedConfig } from '../config/schema.ts';
import { withCredentials, type TokenTransport } from '../http/credentials.ts';
import { HttpClient } from '../http/client.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';
import { mintToken, type MintOptions } from '../identity/index.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { EnvironmentHandle, UserRecord, World } from '../provision/world.ts';
import { EvidenceStore } from '../../reports/evidence-store.ts';

/**
 * How a probe presents credentials: a real token for an actor, a given token (where the contract
 * says, or at its own `transport`, e.g. a fallback a service might also read), raw text, or none.
 */
export type Credentials =
  { actor: Actor; claims?: Record<string, unknown>; mint?: MintOptions } | { token: string; transport?: TokenTransport } | { raw: string } | 'none';

export interface SuiteContext {
  handle: EnvironmentHandle;
  config: ResolvedConfig;
  world: World;
  admin: pg.Pool;
  http: HttpClient;
  evidence: EvidenceStore;
  /** The claims a complete, valid token carries for `actor`. */
  claimsFor(actor: Actor): Record<string, unknown>;
  token(actor: Actor, claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Sends a probe with credentials placed per the contract and logs it as evidence. */
  send(invariant: string, credentials: Credentials, req: ProbeRequest, label?: string): Promise<ProbeResponse>;
  record(verdict: InvariantVerdict): void;
  userOf(id: string): UserRecord;
  /** Runs `cleanup` when the context closes (connections a module opened for its checks). */
  onClose(cleanup: () => Promise<void>): void;
  close(): Promise<void>;
}

const EXCERPT = 600;
/**
 * Response headers worth keeping as evidence (how the target refused, where it redirected, what
 * it allowed cross-origin); cookies and other headers that may carry secrets are left out.
 */
const EVIDENCE_HEADERS = [
  'content-type',
  'location',
  'www-authenticate',
  'retry-after',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'vary',
];

/** A response as an evidence line keeps it: status, the telling headers, an excerpt and the body's digest. */
export function responseEvidence(res: ProbeResponse): { status: number; headers: Record<string, string>; bodyExcerpt: string; bodySha256: string } {
  return {
    status: res.status,
    headers: Object.fromEntries(EVIDENCE_HEADERS.filter((h) => res.headers[h] !== undefined).map((h) => [h, res.headers[h]!])),
    bodyExcerpt: res.text.slice(0, EXCERPT),
    bodySha256: createHash('sha256').update(res.text).digest('hex'),
  };
}

/** Builds a suite context from any environment handle (also used outside vitest, e.g. by the bench). */
export async function createSuiteContext(handle: EnvironmentHandle): Promise<SuiteContext> {
  const { config } = await loadConfig(handle.configPath);
  filler.seed(handle.seed);
  const http = new HttpClient(handle.baseUrl);
  const admin = new pg.Pool({ connectionString: handle.adminUrl, max: 4 });
  // An idle connection the server drops is replaced on the next query; unheard, its 'error' would crash the worker.
  admin.on('error', () => {});
  const evidence = new EvidenceStore(handle.runDir);
  const usersById = new Map(handle.world.users.map((u) => [u.id, u]));
  const cleanups: Array<() => Promise<void>> = [];

  const claimsFor = (actor: Actor): Record<string, unknown> => actorClaims(config.identity, actor);
  // A plain valid token per actor is reused until close to expiry: signing (RS256 above all) would
  // otherwise cap the probe rate far below what the target can serve.
  const plain = new Map<string, { token: Promise<string>; until: number }>();
  const token = (actor: Actor, claims?: Record<string, unknown>, options?: MintOptions): Promise<string> => {
    const mint = () => mintToken(handle.identity, claims ?? claimsFor(actor), { ttlSeconds: config.identity.ttlSeconds, ...options });
    if (claims || options) return mint();
    const cached = plain.get(actor.id);
    if (cached && cached.until > Date.now()) return cached.token;
    const fresh = { token: mint(), until: Date.now() + (config.identity.ttlSeconds * 1000) / 2 };
    plain.set(actor.id, fresh);
    return fresh.token;
  };

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
      let transport = config.identity.transport;
      if (credentials !== 'none') {
        if ('actor' in credentials) {
          actor = `${credentials.actor.tenantId}/${credentials.actor.id}`;
          const jwt = await token(credentials.actor, credentials.claims, credentials.mint);
          placed = withCredentials(req, transport, jwt);
        } else if ('token' in credentials) {
          transport = credentials.transport ?? transport;
          placed = withCredentials(req, transport, credentials.token);
        } else {
          placed = withCredentials(req, transport, undefined, credentials.raw);
        }
      }
      // A token in the query string is a credential like any other: the evidence never carries it.
      const query = credentials !== 'none' && transport.in === 'query' ? { ...placed.query, [transport.name]: 'redacted' } : placed.query;
      const res = await http.send(placed);
      evidence.write({
        invariant,
        kind: 'http',
        actor,
        label,
        ...(req.operation ? { operation: req.operation } : {}),
        request: {
          method: req.method,
          path: req.path,
          query,
          body: req.body,
          credentials: credentials === 'none' ? 'none' : 'redacted',
          ...(transport !== config.identity.transport && { tokenIn: transport }),
        },
        response: responseEvidence(res),
      });
      return res;
    },
    record(verdict) {
      evidence.verdict(verdict);
    },
    userOf(id) {
      const user = usersById.get(id);
      if (!user) throw new Error(`no provisioned user ${id}`);
      return user;
    },
    onClose(cleanup) {
      cleanups.push(cleanup);
    },
    async close() {
      await Promise.allSettled(cleanups.splice(0).map((c) => c()));
      evidence.flush();
      await Promise.allSettled([http.close(), admin.end()]);
    },
  };
}
