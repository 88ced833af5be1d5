/**
 * The provisioned world: who exists and who owns what, as the harness created it and read it back
 * from its own admin connection. Plain data, so it crosses into vitest workers unchanged.
 */
import type { NewTenant, NewUser } from '../config/provisioning-schema.ts';
import type { IdentityHandle } from '../identity/index.ts';

/** A tenant as provisioned: its id and slug are the database's when the hook returned them. */
export type TenantRecord = NewTenant;
export type UserRecord = NewUser;

export interface ResourceRecord {
  type: string;
  id: string;
  tenantId: string;
  ownerId: string;
  canary: string;
  /** A nested resource's parent (its API id), the row it was created under. */
  parentId?: string;
}

export interface World {
  tenants: TenantRecord[];
  users: UserRecord[];
  resources: ResourceRecord[];
  /**
   * Platform owners (contract `platformOwner`), provisioned in the first tenant and kept out of
   * `users` so that no ordinary isolation probe acts as one.
   */
  platformOwners?: UserRecord[];
  /**
   * Members of the first tenant kept out of `users` too, for a per-user HTTP limit: RL-6's honest
   * burst spends their budget, and no other check's traffic (every check acts as `users`) touches it.
   */
  limitUsers?: UserRecord[];
}

/** Everything a suite needs to attack the running target, handed over by the global setup. */
export interface EnvironmentHandle {
  runId: string;
  runDir: string;
  seed: number;
  profile: string;
  configPath: string;
  baseUrl: string;
  adminUrl: string;
  appUrl: string;
  identity: IdentityHandle;
  world: World;
  postgres: { kind: string; version: string };
  /**
   * Where the server started for this run logs the application role's statements (jsonlog), when
   * the provider can (embedded); a server tenantproof did not start keeps its log to itself.
   */
  statementLogDir?: string;
  targetPid?: number;
  /** The command that re-runs this run (same seed, same selecting environment: TENANTPROOF_* and target.replayEnv). */
  replayBase: string;
  /** fast-check replay path for `--only <id>` replays. */
  replayPath?: string;
  /** The regression corpus tried before the random cases (harness/checks/regression-corpus.ts). */
  corpusDir?: string;
  /** An `--explore` round after the first (harness/explore/): `seed` is then that round's. */
  round?: number;
}
