/**
 * The name of a table as written in a parse tree (`RangeVar`), with the default `public` schema
 * left out so `notes` and `public.notes` name the same table.
 */

/** `schema.table`, or `table` for the public schema or an unqualified name. */
export function relationName(rangeVar: Record<string, any> | undefined): string {
  if (!rangeVar) return '?';
  const schema = rangeVar.schemaname;
  return schema && schema !== 'public' ? `${schema}.${rangeVar.relname}` : rangeVar.relname;
}
