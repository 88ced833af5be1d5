/**
 * Requests on the contract's declared HTTP limit (RL-6's honest traffic, RL-8's bursts). A per-IP
 * limit counts per source address, so traffic meant for a fresh budget goes out from a loopback
 * address of its own, each through a pool the caller sizes (one connection per request makes a
 * burst truly parallel); without an address it goes the way every other probe does.
 */
import type { ResolvedConfig } from '../config/schema.ts';
import type { UserRecord } from '../provision/world.ts';
import { responseEvidence, type SuiteContext } from '../suite/suite-context.ts';
import { withCredentials } from '../http/credentials.ts';
import { HttpClient } from '../http/client.ts';
import type { ProbeRequest, ProbeResponse } from '../http/types.ts';

export type HttpLimit = NonNullable<ResolvedConfig['httpLimits']>;
export interface LimitExchange {
  req: ProbeRequest;
  res: ProbeResponse;
}

export class LimitTraffic {
  readonly #clients: HttpClient[] = [];

  constructor(
    private readonly ctx: SuiteContext,
    private readonly invariant: string,
    readonly limit: HttpLimit,
  ) {}

  /**
   * Who spends a budget nothing else touches: for a per-user limit the member provisioned for it
   * (`world.limitUsers`, outside the users every other check acts as), else `fallback`.
   */
  unspentUser(fallback: UserRecord): UserRecord {
    return (this.limit.per === 'user' && this.ctx.world.limitUsers?.[0]) || fallback;
  }

  /** A pool of `connections` connections from `address` (the default source when absent), closed by close(). */
  client(connections: number, address?: string): HttpClient {
    const c = new HttpClient(this.ctx.handle.baseUrl, connections, address);
    this.#clients.push(c);
    return c;
  }

  /** The limited request as `user` through `via`, recorded in the evidence with its source address. */
  async sendVia(via: HttpClient, user: UserRecord, address: string | undefined, label: string): Promise<LimitExchange> {
    const req = this.limit.request(user);
    const res = await via.send(withCredentials(req, this.ctx.config.identity.transport, await this.ctx.token(user)));
    this.ctx.evidence.write({
      invariant: this.invariant,
      kind: 'http',
      label,
      actor: `${user.tenantId}/${user.id}`,
      request: { method: req.method, path: req.path, from: address ?? 'default', credentials: 'redacted' },
      response: responseEvidence(res),
    });
    return { req, res };
  }

  /** One request as `user`, from `address` when given. */
  async send(user: UserRecord, address: string | undefined, label: string): Promise<LimitExchange> {
    if (address) return this.sendVia(this.client(1, address), user, address, label);
    const req = this.limit.request(user);
    return { req, res: await this.ctx.send(this.invariant, { actor: user }, req, label) };
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.close()));
  }
}
