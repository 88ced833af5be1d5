/**
 * `coverage.json`: what the run exercised, as operations x credential (or generator) families per
 * invariant with probe counts, and what it never reached and why: invariants that sent no probe
 * (skipped with their reason, or stopped before probing) and declared operations no probe touched.
 * Built from the evidence stream and the verdicts only, so a merged bundle gets it too.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvidenceLine } from './evidence-lines.ts';
import type { Reporter } from './reporter.ts';
import type { Summary } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

export const COVERAGE_FILE = 'coverage.json';
export const COVERAGE_SCHEMA_VERSION = 1;
/** Keys kept per map: a generator with unbounded labels must not grow the file with the probe count. */
const MAX_KEYS = 64;
const OTHER = '(other)';
/** A probe no operation builder made (raw SQL, a socket, a hand-built request): counted under its kind. */
const unnamed = (probe: EvidenceLine) => `(${probe.kind})`;
/** The family is the label's first segment (`no-credentials:absent` -> `no-credentials`); a probe without one is `(none)`. */
const familyOf = (probe: EvidenceLine) => probe.label?.split(':')[0] || '(none)';

export interface InvariantCoverage {
  id: string;
  verdict: string;
  cases: number;
  probes: number;
  /** operation -> family -> probes. */
  matrix: Record<string, Record<string, number>>;
}

export interface Coverage {
  schemaVersion: typeof COVERAGE_SCHEMA_VERSION;
  runId: string;
  invariants: InvariantCoverage[];
  /** operation -> probes, over every invariant. */
  operations: Record<string, number>;
  /** The contract's operations (`resource.operation`), when the run knew them; a merge unites its shards'. */
  declared: string[];
  neverReached: {
    invariants: Array<{ id: string; verdict: string; reason: string }>;
    /** Declared operations (`resource.operation`) no probe of the run was built for. */
    operations: string[];
  };
}

function bump(map: Record<string, number>, key: string): void {
  const k = key in map || Object.keys(map).length < MAX_KEYS ? key : OTHER;
  map[k] = (map[k] ?? 0) + 1;
}

/** Counts probes per invariant, operation and family while the evidence streams by; bounded by MAX_KEYS at every level. */
export class CoverageTally {
  readonly #matrices = new Map<string, Record<string, Record<string, number>>>();

  add(probe: EvidenceLine): void {
    let matrix = this.#matrices.get(probe.invariant);
    if (!matrix) {
      if (this.#matrices.size >= MAX_KEYS) return;
      matrix = {};
      this.#matrices.set(probe.invariant, matrix);
    }
    const operation = probe.operation ?? unnamed(probe);
    const op = operation in matrix || Object.keys(matrix).length < MAX_KEYS ? operation : OTHER;
    bump((matrix[op] ??= {}), familyOf(probe));
  }

  /** operation -> family -> probes of one invariant so far (empty before its first probe). */
  matrixOf(invariant: string): Readonly<Record<string, Readonly<Record<string, number>>>> {
    return this.#matrices.get(invariant) ?? {};
  }

  /** The coverage of `summary`'s run; `declared` are the contract's operations, when known. */
  coverage(summary: Summary, declared: readonly string[] = []): Coverage {
    const operations: Record<string, number> = {};
    const invariants = summary.invariants.map((v): InvariantCoverage => {
      const matrix = this.#matrices.get(v.id) ?? {};
      let probes = 0;
      for (const [op, families] of Object.entries(matrix)) {
        const n = Object.values(families).reduce((a, b) => a + b, 0);
        operations[op] = (operations[op] ?? 0) + n;
        probes += n;
      }
      return { id: v.id, verdict: v.verdict, cases: v.cases, probes, matrix };
    });
    return {
      schemaVersion: COVERAGE_SCHEMA_VERSION,
      runId: summary.runId,
      invariants,
      operations,
      declared: [...declared],
      neverReached: {
        invariants: invariants
          .filter((c) => c.probes === 0)
          .map((c) => ({ id: c.id, verdict: c.verdict, reason: summary.invariants.find((v) => v.id === c.id)?.reason ?? neverProbed(c.verdict) })),
        operations: declared.filter((op) => !(op in operations)),
      },
    };
  }
}

/** Why an invariant without a recorded reason sent no probe. */
function neverProbed(verdict: string): string {
  return verdict === 'held' ? 'judged without probes (a static or database-side check)' : 'no probe recorded';
}

/** coverage.json of a run folder, when the run wrote one. */
export function readCoverage(runDir: string): Coverage | undefined {
  const file = path.join(runDir, COVERAGE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Coverage) : undefined;
}

/** Writes coverage.json at the end of the run; runs before the renderers that show it (summary.md, report.html). */
export function coverageReporter(runDir: string, declared?: readonly string[]): Reporter {
  const tally = new CoverageTally();
  return {
    name: COVERAGE_FILE,
    onProbe: (probe) => tally.add(probe),
    onRunEnd(summary) {
      writeReportFile(path.join(runDir, COVERAGE_FILE), JSON.stringify(tally.coverage(summary, declared), null, 2));
    },
  };
}
