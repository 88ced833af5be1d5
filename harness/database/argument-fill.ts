/**
 * Arguments for a SECURITY DEFINER function, taken from ids the harness knows the owner of: the
 * function is called as one tenant with another tenant's ids, matched to its argument types.
 */

/** The kinds of id a function argument can take. */
export type ValueClass = 'uuid' | 'integer' | 'text';

/** One known id: where it comes from (`tenant id`, `public.notes.id`, ...), its class and owner. */
export interface IdCandidate {
  source: string;
  cls: ValueClass;
  value: string;
  tenant: string;
}

/** Which id of which source fills one argument; `pick` is taken modulo the source's ids of the tenant. */
export interface ArgChoice {
  source: string;
  pick: number;
}

export type FilledArguments = { args: string[] } | { missing: string };

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const TEXT = new Set(['text', 'character varying', 'character', 'name', 'citext']);

/** The class of values of a Postgres type (as `format_type` prints it), or undefined when no id fits. */
export function valueClass(pgType: string): ValueClass | undefined {
  const base = pgType.replace(/\(.*\)$/, '');
  if (base === 'uuid') return 'uuid';
  if (INTEGER.has(base)) return 'integer';
  return TEXT.has(base) ? 'text' : undefined;
}

/** The sources whose ids an argument of `pgType` accepts (a text argument takes any id as text). */
export function sourcesFor(pgType: string, pool: readonly IdCandidate[]): string[] {
  const cls = valueClass(pgType);
  if (!cls) return [];
  return [...new Set(pool.filter((c) => cls === 'text' || c.cls === cls).map((c) => c.source))];
}

/** Why ids cannot fill these arguments, or undefined when every argument has a source. */
export function unfillable(argTypes: readonly string[], pool: readonly IdCandidate[]): string | undefined {
  const bad = argTypes.filter((t) => sourcesFor(t, pool).length === 0);
  return bad.length ? `no known id fits argument type(s) ${[...new Set(bad)].join(', ')}` : undefined;
}

/**
 * One choice per source the first argument accepts (later arguments take the same source where
 * they accept it): every kind of id is tried on every function before any random combination.
 */
export function representativeChoices(argTypes: readonly string[], pool: readonly IdCandidate[]): ArgChoice[][] {
  if (argTypes.length === 0) return [[]];
  return sourcesFor(argTypes[0]!, pool).map((source) =>
    argTypes.map((t) => {
      const accepted = sourcesFor(t, pool);
      return { source: accepted.includes(source) ? source : accepted[0]!, pick: 0 };
    }),
  );
}

/** The argument values `choices` name among `tenant`'s ids, or the source that has none of them. */
export function fillArguments(choices: readonly ArgChoice[], pool: readonly IdCandidate[], tenant: string): FilledArguments {
  const args: string[] = [];
  for (const choice of choices) {
    const ids = pool.filter((c) => c.source === choice.source && c.tenant === tenant);
    if (ids.length === 0) return { missing: `tenant ${tenant} has no ${choice.source}` };
    args.push(ids[choice.pick % ids.length]!.value);
  }
  return { args };
}
