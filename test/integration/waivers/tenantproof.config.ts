/**
 * The reference service's contract (relocated as own-invariant/ does) with a waiver for WEB-2,
 * which the zoo's `csp-unsafe-inline` breaks. `expired.config.ts` is the same with a lapsed date.
 */
import { defineConfig } from 'tenantproof';
import relocated from '../own-invariant/tenantproof.config.ts';

export const WAIVER = {
  invariant: 'WEB-2',
  match: 'unsafe-inline',
  reason: 'legacy admin pages inline their scripts; CSP nonces tracked in #42',
  until: '2999-12-31',
};

export default defineConfig({ ...relocated, invariants: [], waivers: [WAIVER] });
