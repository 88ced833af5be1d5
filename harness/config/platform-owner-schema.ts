/** The contract's `platformOwner` section: the operators who may reach into every tenant (PO-1, PO-2). */
import { z } from 'zod';
import type { ProbeRequest } from '../http/types.ts';
import { REFUSAL_PREDICATE, expectation, fn, type Actor } from './schema-primitives.ts';

/** Arguments of a platform-owner operation: who acts, and the tenant it reaches into. */
export interface PlatformArgs {
  actor: Actor;
  tenant: { id: string; name: string };
}

export const platformOwner = z
  .strictObject({
    role: z
      .string()
      .min(1)
      .default('platform_owner')
      .meta({ description: 'The role claim value of a platform owner.', examples: ['operator'] }),
    users: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(1)
      .meta({ description: 'How many platform owners provisioning creates, in the first tenant, through `provisioning.createUser`.', examples: [2] }),
    mfa: z
      .strictObject({
        claim: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The claim that proves a second factor (default `identity.claims.mfa`).', examples: ['acr'] }),
        value: z
          .unknown()
          .default(['pwd', 'mfa'])
          .meta({
            description: 'The value that claim carries after MFA (default `amr` values, RFC 8176); a token without it must be refused (PO-1).',
            examples: ['urn:mfa'],
          }),
      })
      .prefault({})
      .meta({ description: 'How a token proves a second factor.' }),
    operations: z
      .record(
        z.string().min(1),
        z
          .strictObject({
            request: fn<(args: PlatformArgs) => ProbeRequest>('args => request').meta({
              description:
                "A function of `{ actor, tenant }` (a platform owner, and the tenant `{ id, name }` reached into) returning the request; as a platform owner with MFA it must show the tenant's data.",
              examples: ["({ tenant }) => ({ method: 'GET', path: `/admin/tenants/${tenant.id}/notes` })"],
            }),
            succeeded: expectation.optional().meta({ description: 'How success looks (default `expectations.succeeded`).', examples: [[200]] }),
            refused: expectation.optional().meta({ description: 'How refusal looks (default `expectations.refused`).', examples: [[403], REFUSAL_PREDICATE] }),
          })
          .meta({ description: 'One cross-tenant operation, by a name of your choosing.' }),
      )
      .refine((o) => Object.keys(o).length > 0, 'at least one platform-owner operation')
      .meta({ description: 'The cross-tenant operations, at least one.' }),
  })
  .meta({
    description:
      'Platform owners (PO-1, PO-2): the role, how MFA is proven, and the cross-tenant operations. They are kept apart from the ordinary users every other check uses. Without this section PO-1 and PO-2 are skipped.',
  });
