/**
 * `waivers`: findings the service's owners accept for a while, each with its reason and an end
 * date. A waived finding is still reported (verdict `waived`, with the counterexample and the
 * reason); a waiver past its date fails the run before anything starts, so none outlives review.
 */
import { z } from 'zod';
import { SNIPPET_KEYWORD } from './schema-primitives.ts';

/** `/source/flags` is a regular expression; anything else a substring of the finding's message. */
const matcher = z
  .string()
  .min(1)
  .superRefine((m, ctx) => {
    const re = /^\/(.+)\/([a-z]*)$/.exec(m);
    if (!re) return;
    try {
      new RegExp(re[1]!, re[2]);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `a valid /regular expression/ (${(e as Error).message})` });
    }
  });

export const waiver = z.strictObject({
  invariant: z
    .string()
    .regex(/^[A-Z]+-\d+$/, 'an invariant id such as WEB-2')
    .meta({ description: 'The id of a catalogued invariant (`tenantproof list`); one the catalogue does not have fails the run.', examples: ['AUTH-2'] }),
  match: matcher.optional().meta({
    description:
      'Only findings whose message contains this, or matches it when written `/regular expression/flags`; default every finding of the invariant. A narrow match keeps one waiver from covering every future finding.',
    examples: ['unsafe-inline', '/crit:unknown-extension/i'],
  }),
  reason: z
    .string()
    .trim()
    .min(1, 'a non-empty reason')
    .meta({ description: 'Why the finding is accepted, shown with it in every report.', examples: ['legacy admin pages; CSP nonces tracked in #42'] }),
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'a real calendar date')
    .meta({ description: 'The last day (`YYYY-MM-DD`, UTC) the waiver holds; after it the run fails before anything starts.', examples: ['2026-09-30'] }),
});

export const waivers = z
  .array(waiver)
  .default([])
  .meta({
    description:
      "Violations the service's owners accept for a while, each with its reason and an end date. A covered violation is reported `waived` (console, summary.md, junit.xml, SARIF as a suppressed result, report.html, Allure), keeping its counterexample and the reason, and the run exits 0 if nothing else failed. Only violations are waived: `error` and `inconclusive` proved nothing.",
    examples: [[{ invariant: 'WEB-2', match: 'unsafe-inline', reason: 'legacy admin pages; CSP nonces tracked in #42', until: '2026-09-30' }]],
    [SNIPPET_KEYWORD]: `waivers: [
  // The service ignores unknown crit extensions (identity.policy.crit: 'ignore'); AUTH-2 still
  // reports it, and this accepts exactly that finding until the fix ships.
  { invariant: 'AUTH-2', match: 'crit:unknown-extension', reason: 'jose upgrade scheduled, see #118', until: '2026-12-31' },
],`,
  });

export type Waiver = z.output<typeof waiver>;
