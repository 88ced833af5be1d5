/**
 * The contract's `expectations` section: how success and refusal look by default, for every
 * operation that does not say otherwise. The harness judges "refused" and "succeeded" only
 * through these declarations, never by guessing.
 */
import { z } from 'zod';
import { REFUSAL_PREDICATE, expectation } from './schema-primitives.ts';

const kinds = 'A set of statuses, or a function of the response returning whether it looks like this';

export const expectations = z
  .object({
    succeeded: expectation.default([200, 201, 202, 204]).meta({ description: `${kinds}: a request the actor may make succeeded.`, examples: [[200, 201]] }),
    refused: expectation
      .default([403, 404])
      .meta({ description: `${kinds}: a request for another tenant's or user's data was refused.`, examples: [[403, 404, 422], REFUSAL_PREDICATE] }),
    unauthenticated: expectation.default([401]).meta({ description: `${kinds}: a request without a valid token was refused.`, examples: [[400, 401, 403]] }),
    identityIncomplete: expectation.optional().meta({
      description: `${kinds}: a token without its user or tenant claim was refused (ID-1). Default \`unauthenticated\`, so a contract that states its refusal shape once (a GraphQL \`UNAUTHENTICATED\` predicate) is not held to a 401 here.`,
      examples: [[400, 401]],
    }),
  })
  .transform((e) => ({ ...e, identityIncomplete: e.identityIncomplete ?? e.unauthenticated }))
  .prefault({})
  .meta({ description: 'How success and refusal look, unless an operation says otherwise.' });
