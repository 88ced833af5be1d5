/**
 * The reference service's contract (relocated as own-invariant/ does) declaring a lax identity
 * policy: tokens need no `exp`. The zoo's `exp-not-required` is then the declared behaviour, not
 * a finding. `max-age.config.ts` also declares a maximum age, which that service does not enforce.
 */
import { defineConfig } from 'tenantproof';
import relocated from '../own-invariant/tenantproof.config.ts';

export default defineConfig({
  ...relocated,
  invariants: [],
  identity: { ...relocated.identity, policy: { requireExp: false } },
});
