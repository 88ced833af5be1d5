/** The waiver contract with its waiver past its date: the run must fail before anything starts. */
import { defineConfig } from 'tenantproof';
import waived, { WAIVER } from './tenantproof.config.ts';

export default defineConfig({ ...waived, waivers: [{ ...WAIVER, until: '2000-01-01' }] });
