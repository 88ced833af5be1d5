/** The contract's `tenantHints` section (ID-2): where a request might name another tenant or user. */
import { z } from 'zod';

/** The common spellings, always probed; header names are lower-case because headers are case-insensitive. */
const BUILT_IN = {
  headers: ['x-tenant-id', 'x-tenant', 'x-org-id', 'x-organization-id', 'x-account-id'],
  query: ['tenant_id', 'tenantId', 'tenant', 'org_id'],
  body: ['tenant_id', 'tenantId', 'tenant', 'organization_id'],
  userHeaders: ['x-user-id', 'x-user'],
  userQuery: ['user_id', 'userId'],
  userBody: ['user_id', 'userId', 'owner_id', 'author_id'],
};
type Hint = keyof typeof BUILT_IN;

const added = (hint: Hint, where: string, example: string) =>
  z
    .array(z.string().min(1))
    .default([])
    .meta({ description: `${where}, added to the built-in ${BUILT_IN[hint].map((n) => `\`${n}\``).join(', ')}.`, examples: [[example]] });

const HEADERS = new Set<Hint>(['headers', 'userHeaders']);
const withBuiltIn = (hint: Hint, names: string[]) => [...new Set([...BUILT_IN[hint], ...(HEADERS.has(hint) ? names.map((n) => n.toLowerCase()) : names)])];

export const tenantHints = z
  .strictObject({
    headers: added('headers', 'Request headers that might name a tenant (case-insensitive)', 'x-workspace'),
    query: added('query', 'Query parameters that might name a tenant', 'workspace'),
    body: added('body', 'JSON body fields that might name a tenant', 'workspace_id'),
    userHeaders: added('userHeaders', 'Request headers that might name a user (case-insensitive)', 'x-member'),
    userQuery: added('userQuery', 'Query parameters that might name a user', 'member'),
    userBody: added('userBody', 'JSON body fields that might name a user', 'created_by'),
  })
  .transform((h) => ({
    headers: withBuiltIn('headers', h.headers),
    query: withBuiltIn('query', h.query),
    body: withBuiltIn('body', h.body),
    userHeaders: withBuiltIn('userHeaders', h.userHeaders),
    userQuery: withBuiltIn('userQuery', h.userQuery),
    userBody: withBuiltIn('userBody', h.userBody),
  }))
  .prefault({})
  .meta({
    description:
      "ID-2: where a request might name another tenant (or user) than its token's: header names, query parameters and JSON body fields, each of which the service must ignore or refuse. The built-in lists cover the common spellings; what a contract lists is added to them.",
  });
