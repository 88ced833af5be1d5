/**
 * The two halves of the catalogue a zoo variant is certified against when time is short: realtime
 * variants against the realtime and rate-limit invariants (timing-sensitive, run alone), all
 * others against everything else.
 */
import type { ZooVariant } from '../../../fixtures/reference-service/src/zoo.ts';

export const REALTIME_INVARIANTS = ['AUTH-5', 'TI-6', 'WEB-3', 'RL-1', 'RL-2', 'RL-3', 'RL-4', 'RL-5', 'RL-6', 'RL-7', 'RL-8'];

export const isRealtimeVariant = (v: ZooVariant) => v.breaks.some((b) => REALTIME_INVARIANTS.includes(b));

/** CLI arguments selecting the variant's half. */
export const halfOf = (v: ZooVariant) => (isRealtimeVariant(v) ? ['--only', REALTIME_INVARIANTS.join(',')] : ['--skip', REALTIME_INVARIANTS.join(',')]);
