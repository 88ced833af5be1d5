/**
 * Brings up the world around the target in order (Postgres, database, app role, migrations,
 * identity provider, target, tenants/users/resources) and tears it down in reverse, on success,
 * failure or signal. Each step logs how long it took, so slow runs explain themselves.
 */
import path from 'node:path';
import type { ComputedEnv, ResolvedConfig } from '../config/schema.ts';
import { startIdentityProvider, type StartedIdentityProvider } from '../identity/index.ts';
import { TenantproofError } from '../errors/index.ts';
import { describeExit, type ProcessExit } from '../lifecycle/process-exit.ts';
import { trackStopper } from '../lifecycle/process-registry.ts';
import { startPostgres, type StartedPostgres } from '../postgres/index.ts';
import { provisionIdentities } from '../provision/provision-identities.ts';
import { provisionResources } from '../provision/provision-resources.ts';
import { freePort, startTarget, type StartedTarget } from '../target/index.ts';
import type { EnvironmentHandle } from '../provision/world.ts';
import { healthRequest, healthyDescription, isHealthy } from '../checks/target-health.ts';
import { ensureAppRole, logStatementsOf, urlAs } from './app-role.ts';
import { trackMigrationRoles } from './migration-roles.ts';
import { runMigrations } from './run-migrations.ts';
import type { RunOptions } from '../run/run-options.ts';

/** The run's options plus the validated contract and where progress lines go. */
export interface EnvironmentOptions extends Omit<RunOptions, 'quiet' | 'selected'> {
  config: ResolvedConfig;
  log: (line: string) => void;
}

export interface StartedEnvironment {
  handle: EnvironmentHandle;
  /** Resolves if the target or Postgres exits before `stop()`: the run cannot go on without it. */
  partExited: Promise<PartExit>;
  stop(): Promise<void>;
}

/** A part of the environment that exited mid-run: `TARGET_EXITED` or `POSTGRES_EXITED`, and why. */
export interface PartExit {
  code: 'TARGET_EXITED' | 'POSTGRES_EXITED';
  /** "target "name" exited with code 3 mid-run", then its last output lines. */
  message: string;
}

/** Output lines a part's exit message shows. */
const EXIT_LINES = 20;

function partExit(code: PartExit['code'], what: string, exit: ProcessExit, lastLines: string[]): PartExit {
  return {
    code,
    message: `${what} exited with ${describeExit(exit)} mid-run\n--- last ${lastLines.length} lines of its output ---\n${lastLines.join('\n')}`,
  };
}

const LOOPBACK = '127.0.0.1';
/** Every run's database name starts so; on a kept cluster any other such database is a dead run's. */
const DATABASE_PREFIX = 'tp_';

export async function startEnvironment(o: EnvironmentOptions): Promise<StartedEnvironment> {
  const { config, log } = o;
  const cleanups: Array<() => Promise<void>> = [];
  let stopped = false;
  let stopping = Promise.resolve();
  // Each cleanup runs once, newest first, one stop after another; a step that finishes after a
  // stop (a signal while it ran) pushes its cleanup, and the next stop() runs it.
  const stop = () => {
    stopped = true;
    return (stopping = stopping.then(async () => {
      for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup().catch((e: Error) => log(`cleanup: ${e.message}`));
    }));
  };
  const untrack = trackStopper(stop);
  /** Runs one step; what it started is undone by `stopIt` on stop. */
  const timed = async <T>(what: string, work: () => Promise<T>, stopIt?: (started: T) => Promise<void>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    log(`${what} (${Math.round(performance.now() - t0)} ms)`);
    if (stopIt) cleanups.push(() => stopIt(result));
    // Stopped meanwhile (SIGINT, SIGTERM): start nothing more; the catch below undoes this step too.
    if (stopped) throw new TenantproofError('ENVIRONMENT_STOPPED', `the environment was stopped while starting, after: ${what}`);
    return result;
  };

  // Key generation needs nothing from Postgres: it runs while the cluster starts and migrates.
  const identityStarting = startIdentityProvider({
    issuer: config.identity.issuer,
    audience: config.identity.audience,
    mode: config.identity.mode,
    algorithms: config.identity.algorithms,
  });
  // Awaited below; until then a rejection (a bad algorithm) must not count as unhandled.
  identityStarting.catch(() => undefined);
  let identityInCleanups = false;
  try {
    const baseDir = path.dirname(o.configPath);
    const cluster = config.database.cluster === 'auto' ? (process.env.CI ? 'throwaway' : 'cached') : config.database.cluster;
    const postgres: StartedPostgres = await timed(
      'postgres started',
      () =>
        startPostgres(config.database.provider, {
          url: config.database.url,
          image: config.database.image,
          port: config.database.port,
          cluster,
          jsonLog: true,
          log,
        }),
      (p) => p.stop(),
    );
    const database = `${DATABASE_PREFIX}${o.runId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 60);
    // Roles the migrations create outlive the database (they are cluster-wide): dropped after it,
    // so the next run on a kept cluster, and MIG-3's own databases, can create them again.
    const migrationRoles = await trackMigrationRoles({
      maintenanceUrl: postgres.adminUrl('postgres'),
      appRole: config.database.appRole,
      keptDataDir: cluster === 'cached' && postgres.kind === 'embedded' ? postgres.dataDir : undefined,
      databasePrefix: DATABASE_PREFIX,
      log,
    });
    cleanups.push(() => migrationRoles.drop(log));
    await postgres.createDatabase(database);
    cleanups.push(() => postgres.dropDatabase(database));
    const adminUrl = postgres.adminUrl(database);
    const { appRole } = config.database;
    if (appRole.create) await ensureAppRole(adminUrl, database, appRole);
    const appUrl = urlAs(adminUrl, appRole);
    await timed('migrations applied', () => runMigrations(config.database.migrations, { adminUrl, appUrl, baseDir }));
    await migrationRoles.noteCreated();
    if (!appRole.create) await ensureAppRole(adminUrl, database, appRole);
    // From here on: what the running service does is judged, not what its migrations did.
    if (postgres.jsonLogDir) await logStatementsOf(adminUrl, database, appRole.name);

    const identity: StartedIdentityProvider = await timed(
      'identity provider serving',
      () => identityStarting.then((i) => ((identityInCleanups = true), i)),
      (i) => i.stop(),
    );

    let baseUrl = config.target.url ?? '';
    let target: StartedTarget | undefined;
    if (config.target.command) {
      const port = await freePort(LOOPBACK);
      baseUrl = `http://${LOOPBACK}:${port}`;
      const computed: ComputedEnv = {
        host: LOOPBACK,
        port,
        baseUrl,
        databaseUrl: appUrl,
        databaseAdminUrl: adminUrl,
        jwksUrl: config.identity.mode === 'jwks' ? identity.jwksUrl : undefined,
        issuer: config.identity.issuer,
        audience: config.identity.audience,
        algorithms: config.identity.algorithms,
        publicKeyPem: config.identity.mode === 'public-key' ? identity.publicKeyPem : undefined,
        sharedSecret: config.identity.mode === 'shared-secret' ? identity.sharedSecret : undefined,
        leewaySeconds: config.identity.leewaySeconds,
        jwksCacheSeconds: config.identity.jwksCacheSeconds,
      };
      const started: StartedTarget = await timed(
        'target healthy',
        () =>
          startTarget({
            name: config.name,
            command: config.target.command!,
            cwd: path.resolve(baseDir, config.target.cwd ?? '.'),
            env: { ...defaultTargetEnv(computed), ...config.target.env?.(computed) },
            health: {
              url: `${baseUrl}${config.target.healthPath}`,
              method: healthRequest(config.target).method,
              accepts: (res) => isHealthy(config.target, res),
              description: healthyDescription(config.target),
            },
            startTimeoutMs: config.target.startTimeoutMs,
            logFile: path.join(o.runDir, 'target.log'),
          }),
        (t) => t.stop(),
      );
      target = started;
    }

    const world = await timed('world provisioned', async () => {
      // RL-6's honest burst on a per-user HTTP limit needs a budget no other check's traffic touches.
      const limitUsers = config.httpLimits?.per === 'user' ? 1 : 0;
      const {
        tenants,
        users,
        platformOwners,
        limitUsers: limited,
      } = await provisionIdentities(adminUrl, config.provisioning, config.platformOwner, limitUsers);
      const resources = await provisionResources({ config, baseUrl, adminUrl, identity: identity.handle(), users });
      return { tenants, users, resources, platformOwners, ...(limited.length > 0 && { limitUsers: limited }) };
    });
    log(`world: ${world.tenants.length} tenants, ${world.users.length} users, ${world.resources.length} resources`);

    const handle: EnvironmentHandle = {
      runId: o.runId,
      runDir: o.runDir,
      seed: o.seed,
      profile: o.profile,
      configPath: o.configPath,
      baseUrl,
      adminUrl,
      appUrl,
      identity: identity.handle(),
      world,
      postgres: { kind: postgres.kind, version: postgres.serverVersion },
      statementLogDir: postgres.jsonLogDir,
      targetPid: target?.pid,
      replayBase: o.replayBase,
      replayPath: o.replayPath,
      corpusDir: o.corpusDir,
    };
    // Only an exit before stop() began is news; when both parts go, the first is the cause.
    const exits = [
      postgres.exited?.then((exit) => partExit('POSTGRES_EXITED', 'postgres', exit, postgres.lastLines?.(EXIT_LINES) ?? [])),
      target?.exited.then((exit) => partExit('TARGET_EXITED', `target "${target.name}"`, exit, target.lastLines(EXIT_LINES))),
    ].filter((e): e is Promise<PartExit> => e !== undefined);
    const partExited = new Promise<PartExit>((resolve) => {
      for (const e of exits) void e.then((cause) => !stopped && resolve(cause));
    });
    return {
      handle,
      partExited,
      stop: async () => {
        untrack();
        await stop();
      },
    };
  } catch (error) {
    untrack();
    await stop();
    // A step before the identity provider's failed: it may be serving, and no cleanup stops it.
    if (!identityInCleanups) await identityStarting.then((i) => i.stop()).catch(() => undefined);
    throw error;
  }
}

/** The contract's default variable names; `target.env` may add to or override them. */
function defaultTargetEnv(c: ComputedEnv): Record<string, string> {
  const env: Record<string, string> = {
    PORT: String(c.port),
    HOST: c.host,
    DATABASE_URL: c.databaseUrl,
    DATABASE_ADMIN_URL: c.databaseAdminUrl,
    JWT_ISSUER: c.issuer,
    JWT_AUDIENCE: c.audience,
    JWT_ALGORITHMS: c.algorithms.join(','),
    JWT_LEEWAY_SECONDS: String(c.leewaySeconds),
    JWKS_CACHE_SECONDS: String(c.jwksCacheSeconds),
  };
  if (c.jwksUrl) env.JWKS_URL = c.jwksUrl;
  if (c.publicKeyPem) env.JWT_PUBLIC_KEY = c.publicKeyPem;
  if (c.sharedSecret) env.JWT_SECRET = c.sharedSecret;
  return env;
}
