/** Building blocks the contract schema and its sections share. */
import { z } from 'zod';
import type { ProbeResponse } from '../http/types.ts';

/** Marks a key that takes a function: JSON cannot hold one, so the JSON Schema carries its signature instead. */
export const FUNCTION_KEYWORD = 'x-function';
/** Meta key of a worked TypeScript example, too long for a table cell; docs/contract.md prints it under the table. */
export const SNIPPET_KEYWORD = 'x-snippet';

/** A key that takes a function; `what` is its signature, in the error message and in the generated docs. */
export const fn = <T>(what: string) => z.custom<T>((v) => typeof v === 'function', { message: `a function (${what})` }).meta({ [FUNCTION_KEYWORD]: what });

/** How success or refusal looks: a set of statuses, or a predicate over the whole response. */
export type Expectation = readonly number[] | ((res: ProbeResponse) => boolean);
export const expectation = z.union([z.array(z.number().int().min(100).max(599)).min(1), fn<(res: ProbeResponse) => boolean>('response => boolean')]);

/** An example of a refusal that statuses do not tell: a GraphQL server answers 200 with an `errors` array. */
export const REFUSAL_PREDICATE = "(res) => res.status === 200 && res.text.includes('FORBIDDEN')";

/** A provisioned user acting on the target; ids are strings whatever the target's id type. */
export interface Actor {
  id: string;
  tenantId: string;
  /** The tenant's name and URL slug, for routes that address a tenant by name (`/t/{slug}/...`). */
  tenantName: string;
  tenantSlug: string;
  role: string;
  email: string;
  name: string;
}

/** Where a token travels on a request: a header (with its scheme), a cookie or a query parameter. */
export const transport = z.discriminatedUnion('in', [
  z.strictObject({
    in: z.literal('header').meta({ description: 'Where the token travels.' }),
    name: z
      .string()
      .default('authorization')
      .meta({ description: 'The header that carries the token (case-insensitive).', examples: ['x-api-token'] }),
    scheme: z
      .string()
      .default('Bearer')
      .meta({ description: "The word before the token in the header's value; `''` for the bare token.", examples: ['Token', ''] }),
  }),
  z.strictObject({
    in: z.literal('cookie'),
    name: z
      .string()
      .min(1)
      .meta({ description: 'The cookie that carries the token.', examples: ['session'] }),
  }),
  z.strictObject({
    in: z.literal('query'),
    name: z
      .string()
      .min(1)
      .meta({ description: 'The query parameter that carries the token.', examples: ['access_token'] }),
  }),
]);
