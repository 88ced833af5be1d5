/**
 * What a suite needs to present forged tokens: the attacker's keys, an attacker JWKS on another
 * loopback port (for `jku`/`x5u`, recording every fetch the target makes to it), and the context
 * `forgeToken` and `claimDefectToken` need for a given actor. Shared by the HTTP (AUTH-2/3) and
 * websocket (AUTH-5) suites.
 */
import type { ForgeryRecipe } from '../../generators/forged-token.ts';
import type { ClaimDefect } from '../../generators/claim-defect.ts';
import {
  claimDefectToken,
  forgeToken,
  generateSigningKey,
  startJwksServer,
  type AsymmetricAlgorithm,
  type SigningKey,
  type StartedJwksServer,
} from '../identity/index.ts';
import type { UserRecord } from '../provision/world.ts';
import type { InvariantVerdict } from '../../reports/verdict.ts';
import type { SuiteContext } from './suite-context.ts';

export interface ForgeryKit {
  /** The attacker JWKS: it serves the attacker's public keys on every path and logs every request. */
  attacker: StartedJwksServer;
  forge(recipe: ForgeryRecipe, actor: UserRecord): Promise<string>;
  claimDefect(defect: ClaimDefect, actor: UserRecord, now?: number): Promise<string>;
  /**
   * For `RefusalSpec.observe`: any request reaching the attacker JWKS during a probe is a finding,
   * whatever the forgery, since a verifier must never fetch keys from a URL a token names.
   */
  observeAttacker(): () => string | undefined;
  stop(): Promise<void>;
}

/**
 * Runs `judge` with a kit whose attacker JWKS listens on 127.0.0.1, records the verdict it returns
 * and stops the kit whatever happens, so no attacker server outlives its test.
 */
export async function judgeWithForgeryKit(ctx: SuiteContext, judge: (kit: ForgeryKit) => Promise<InvariantVerdict>): Promise<InvariantVerdict> {
  const kit = await startForgeryKit(ctx);
  try {
    const verdict = await judge(kit);
    ctx.record(verdict);
    return verdict;
  } finally {
    await kit.stop();
  }
}

async function startForgeryKit(ctx: SuiteContext): Promise<ForgeryKit> {
  const keys = new Map<string, Promise<SigningKey>>();
  const attacker = await startJwksServer([], { path: '*', name: 'attacker JWKS' });
  const attackerKey = (alg: string): Promise<SigningKey> => {
    let key = keys.get(alg);
    if (!key) {
      key = generateSigningKey(alg as AsymmetricAlgorithm).then((k) => {
        attacker.setKeys([...attacker.keys(), k.publicJwk]);
        return k;
      });
      keys.set(alg, key);
    }
    return key;
  };
  const { identity } = ctx.config;
  const victimOf = (actor: UserRecord) => ctx.world.users.find((u) => u.tenantId !== actor.tenantId) ?? actor;

  return {
    attacker,
    forge(recipe, actor) {
      const victim = victimOf(actor);
      return forgeToken(recipe, {
        handle: ctx.handle.identity,
        claims: ctx.claimsFor(actor),
        claimNames: identity.claims,
        victimClaims: ctx.claimsFor(victim),
        escalatedRole: ctx.config.platformOwner?.role ?? 'platform_owner',
        ttlSeconds: identity.ttlSeconds,
        attackerKey,
        attackerOrigin: attacker.url,
      });
    },
    claimDefect(defect, actor, now) {
      return claimDefectToken(
        defect,
        {
          handle: ctx.handle.identity,
          claims: ctx.claimsFor(actor),
          ttlSeconds: identity.ttlSeconds,
          leewaySeconds: identity.leewaySeconds,
          futureIatToleranceSeconds: typeof identity.policy.futureIatToleranceSeconds === 'number' ? identity.policy.futureIatToleranceSeconds : undefined,
          maxAgeSeconds: identity.policy.maxAgeSeconds,
        },
        now,
      );
    },
    observeAttacker() {
      const seen = attacker.fetchCount();
      return () => {
        const fetches = attacker.fetchLog().slice(seen);
        return fetches.length === 0 ? undefined : `the target fetched the attacker's key URL (${fetches.map((f) => `${f.method} ${f.path}`).join(', ')})`;
      };
    },
    stop: () => attacker.stop(),
  };
}
