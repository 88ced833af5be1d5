/**
 * The target contract as a zod schema: validation with defaults, so a wrong config fails before
 * anything starts, naming the key path, what was expected and what was found. Each section lives
 * in its own file; every key carries its documentation as `.meta()`, from which docs/contract.md
 * and tenantproof.schema.json are generated (`npm run docs:contract`).
 */
import { z } from 'zod';
import { audit } from './audit-schema.ts';
import { browser } from './browser-schema.ts';
import { database } from './database-schema.ts';
import { expectations } from './expectations-schema.ts';
import { httpLimits } from './http-limits-schema.ts';
import { identity } from './identity-schema.ts';
import { migrationsLint } from './migrations-lint-schema.ts';
import { platformOwner } from './platform-owner-schema.ts';
import { profiles } from './profiles-schema.ts';
import { provisioning } from './provisioning-schema.ts';
import { realtime } from './realtime-schema.ts';
import { checkParents, resource } from './resource-schema.ts';
import { target } from './target-schema.ts';
import { tenantHints } from './tenant-hints-schema.ts';
import { waivers } from './waiver-schema.ts';

export type { Actor, Expectation } from './schema-primitives.ts';
export type { BatchArgs, IdArgs, ListArgs, WriteArgs } from './resource-schema.ts';
export type { AuditEntry } from './audit-schema.ts';
export type { PlatformArgs } from './platform-owner-schema.ts';
export type { ComputedEnv } from './target-schema.ts';

export const configSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta({ description: 'The service, as reports and the evidence bundle name it.', examples: ['notes-api'] }),
    database,
    identity,
    target,
    provisioning,
    resources: z
      .record(z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/), resource)
      .refine((r) => Object.keys(r).length > 0, 'at least one resource')
      .superRefine((r, ctx) => checkParents(r, (path, message) => ctx.addIssue({ code: 'custom', path, message })))
      .meta({
        description: 'The resources the checks attack, at least one, each by a name (lower-case first letter) that reports and `resource.operation` names use.',
      }),
    expectations,
    tenantHints,
    platformOwner: platformOwner.optional(),
    audit: audit.optional(),
    browser: browser.optional(),
    realtime: realtime.optional(),
    httpLimits: httpLimits.optional(),
    migrationsLint: migrationsLint.optional(),
    invariants: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description: "Modules (paths relative to the config file) exporting the service's own `defineInvariant(...)` checks.",
        examples: [['checks/export-scope.ts']],
      }),
    waivers,
    profiles,
  })
  .meta({
    title: 'The tenantproof contract',
    description:
      'How a user describes the service under test to tenantproof: its database, identity, process, provisioning and resources, and the optional sections that switch on more checks.',
  });

/** What a user writes in `tenantproof.config.ts`. */
export type TenantproofConfig = z.input<typeof configSchema>;
/** The contract after validation, with every default filled in. */
export type ResolvedConfig = z.output<typeof configSchema>;
export type ResourceContract = ResolvedConfig['resources'][string];
export type ProfileName = keyof ResolvedConfig['profiles'];
export type RealtimeContract = NonNullable<ResolvedConfig['realtime']>;
