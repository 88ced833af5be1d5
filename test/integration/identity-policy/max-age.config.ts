/** The lax policy plus a declared maximum token age, which the reference service does not enforce. */
import { defineConfig } from 'tenantproof';
import lax from './tenantproof.config.ts';

export default defineConfig({ ...lax, identity: { ...lax.identity, policy: { requireExp: false, maxAgeSeconds: 3600 } } });
