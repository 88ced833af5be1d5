/**
 * A GraphQL schema from what a user has: an SDL file (`buildSchema`), a saved introspection
 * result (`buildClientSchema`), or the URL of a running server asked the standard introspection
 * query over HTTP.
 */
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { TenantproofError } from '../../errors/index.ts';

const INTROSPECTION_TIMEOUT_MS = 15_000;

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** The endpoint path requests go to: the URL's, or `/graphql` for a file. */
  path: string;
  /** What it was read from, for the draft's header. */
  source: string;
}

export async function loadGraphqlSchema(source: string): Promise<LoadedSchema> {
  if (/^https?:\/\//i.test(source)) {
    const url = new URL(source);
    return {
      schema: buildClientSchema(await introspect(url)),
      path: url.pathname === '/' ? '/graphql' : url.pathname,
      source: 'GraphQL schema its endpoint answered to the introspection query',
    };
  }
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (cause) {
    throw new TenantproofError('INIT_SPEC_NOT_FOUND', `init: cannot read ${source}: ${(cause as Error).message}`, { cause });
  }
  try {
    if (text.trimStart().startsWith('{')) {
      const json = JSON.parse(text) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
      return { schema: buildClientSchema(json.data ?? (json as IntrospectionQuery)), path: '/graphql', source: 'GraphQL introspection result' };
    }
    return { schema: buildSchema(text), path: '/graphql', source: 'GraphQL schema (SDL)' };
  } catch (cause) {
    throw new TenantproofError('INIT_SPEC_INVALID', `init: ${source} is not a GraphQL schema (SDL or introspection JSON): ${(cause as Error).message}`, {
      cause,
    });
  }
}

async function introspect(url: URL): Promise<IntrospectionQuery> {
  let answer: { data?: IntrospectionQuery; errors?: Array<{ message?: string }> };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
      signal: AbortSignal.timeout(INTROSPECTION_TIMEOUT_MS),
    });
    answer = (await res.json()) as typeof answer;
  } catch (cause) {
    throw new TenantproofError('INIT_INTROSPECTION_FAILED', `init: introspection of ${url.href} failed: ${(cause as Error).message}`, { cause });
  }
  if (!answer.data?.__schema) {
    const why = answer.errors?.map((e) => e.message).join('; ') ?? 'no data.__schema in the answer';
    throw new TenantproofError(
      'INIT_INTROSPECTION_FAILED',
      `init: ${url.href} answered the introspection query without a schema (${why}); if it needs credentials or has introspection off, save its SDL and pass the file`,
    );
  }
  return answer.data;
}
