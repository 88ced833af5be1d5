/**
 * A summary exercising every field the report writers render (a violation with a counterexample,
 * per-operation tallies, a flood timeline, hostile markup in a response), for the writers' tests.
 */
import type { Summary } from '../summary.ts';

export function sampleSummary(): Summary {
  return {
    schemaVersion: 1,
    runId: 'run-20260101T000000-7',
    seed: 7,
    profile: 'quick',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:09.000Z',
    harness: { name: 'tenantproof', version: '0.1.0' },
    postgres: { kind: 'embedded', version: '18.4' },
    target: { name: 'sample <service>', command: ['node', 'server.js'] },
    config: '/srv/sample/tenantproof.config.ts',
    exitCode: 1,
    sincePrevious: {
      runId: 'run-20251231T000000-7',
      new: [{ invariant: 'TI-1', fingerprint: '0123456789ab', message: 'leak' }],
      fixed: [{ invariant: 'TI-2', fingerprint: 'ba9876543210', message: 'tenant 1 update of notes n2 owned by tenant 0: changed it' }],
      stillFailing: [],
      notRechecked: [],
    },
    invariants: [
      {
        id: 'AUTH-1',
        verdict: 'held',
        cases: 20,
        durationMs: 512,
        title: 'Protected operations refuse requests without credentials',
        severity: 'high',
        owasp: 'API2:2023 Broken Authentication',
        cwe: 'CWE-306',
        explore: { rounds: 3 },
        details: {
          perOperation: {
            'notes.read': { 'no-credentials:absent': 'refused', 'no-credentials:empty': 'refused' },
            'notes.list': { 'no-credentials:absent': 'refused' },
          },
        },
      },
      {
        id: 'TI-1',
        verdict: 'violated',
        cases: 3,
        durationMs: 40,
        reason: 'tenant 1 read notes n1 of tenant 0 & leaked a canary',
        firstViolationAt: '2026-01-01T00:00:05.000Z',
        explore: { rounds: 2, decidedInRound: 4 },
        title: 'Cross-tenant read by id is refused and leaks no canary',
        severity: 'critical',
        owasp: 'API1:2023 Broken Object Level Authorization',
        cwe: 'CWE-639',
        counterexample: {
          seed: 7,
          path: '0:0',
          numRuns: 10,
          value: { resource: 'notes', pair: { actor: 2, victim: 0 } },
          violation: {
            invariant: 'TI-1',
            message: 'leak',
            actor: { tenant: 't1', user: 'u3', role: 'member' },
            victim: { tenant: 't0', user: 'u0', resource: 'notes', id: 'n1' },
            leakedCanaries: ['tpc-t0-u0-abc'],
            steps: [
              {
                request: { method: 'GET', path: "/notes/n1'x", query: { q: 'a b' } },
                response: { status: 200, excerpt: '{"title":"<script>alert(1)</script> tpc-t0-u0-abc"}' },
                note: 'read as a user of another tenant',
              },
            ],
          },
          replay: 'TENANTPROOF_BUGS=x npx tenantproof certify --seed 7 --only TI-1 --replay-path 0:0',
        },
      },
      {
        id: 'RL-1',
        verdict: 'inconclusive',
        cases: 1,
        durationMs: 3000,
        reason: 'positive control failed: connection refused',
        title: 'Connection floods are bounded',
        severity: 'medium',
        owasp: 'API4:2023 Unrestricted Resource Consumption',
        cwe: 'CWE-770',
        details: {
          flood: {
            timeline: [
              { t: 0, connections: 1, messages: 0 },
              { t: 100, connections: 40, messages: 300 },
              { t: 200, connections: 12, messages: 120 },
            ],
            latencyMs: { p50: 3, p95: 20, max: 41 },
          },
        },
      },
      {
        id: 'ID-1',
        verdict: 'skipped',
        cases: 0,
        durationMs: 0,
        reason: 'filtered out',
        title: 'Identity-incomplete tokens are refused',
        severity: 'high',
        owasp: 'API2:2023 Broken Authentication',
        cwe: 'CWE-287',
      },
    ],
  };
}

/** The sample with its violation waived by the contract, as the run collects it. */
export function waivedSummary(): Summary {
  const summary = sampleSummary();
  const ti1 = summary.invariants.find((v) => v.id === 'TI-1')!;
  Object.assign(ti1, { verdict: 'waived', waiver: { reason: 'legacy export, fix tracked in #42', until: '2026-03-01' } });
  return { ...summary, exitCode: 2 };
}

/** The sample as a run signalled mid-probing records it: the unfinished RL-1 is `error` with the cause. */
export function interruptedSummary(): Summary {
  const summary = sampleSummary();
  const rl1 = summary.invariants.find((v) => v.id === 'RL-1')!;
  Object.assign(rl1, { verdict: 'error', reason: 'interrupted by SIGTERM before this invariant finished' });
  return {
    ...summary,
    exitCode: 1,
    interrupted: { signal: 'SIGTERM' },
    error: { code: 'INTERRUPTED', message: 'interrupted by SIGTERM: invariants that had not finished are error; the bundle holds what the run saw until then' },
  };
}
