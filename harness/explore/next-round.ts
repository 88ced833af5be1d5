/**
 * Where an `--explore` run spends its next round: on the invariant whose coverage is thinnest. A
 * cell is one operation x credential (or generator) family of one invariant, counted from the
 * evidence as coverage.json counts it. Pure, so the choice is the same for the same counts.
 */

/** operation -> family -> probes, as `CoverageTally` keeps it. */
export type CoverageMatrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface ExploreCandidate {
  id: string;
  /** Rounds it has had, its first included. */
  rounds: number;
  matrix: CoverageMatrix;
}

export interface ThinnestCell {
  operation: string;
  family: string;
  probes: number;
}

export interface NextRound {
  id: string;
  /** The cell that made it the thinnest (the one with the fewest probes). */
  cell: ThinnestCell;
}

/**
 * The thinnest cell of one invariant over every operation x family it has reached. A pair it never
 * reached counts as zero probes until the invariant has had one extra round: a pair still empty
 * after it is taken as outside the generator's reach (a batch family on a read-only operation), so
 * it cannot hold every later round for itself.
 */
export function thinnestCell(candidate: ExploreCandidate): ThinnestCell | undefined {
  const operations = Object.keys(candidate.matrix).sort();
  const families = [...new Set(operations.flatMap((op) => Object.keys(candidate.matrix[op]!)))].sort();
  const zeroCounts = candidate.rounds <= 1;
  let thinnest: ThinnestCell | undefined;
  for (const operation of operations)
    for (const family of families) {
      const probes = candidate.matrix[operation]![family] ?? 0;
      if (probes === 0 && !zeroCounts) continue;
      if (!thinnest || probes < thinnest.probes) thinnest = { operation, family, probes };
    }
  return thinnest;
}

/**
 * The candidate to run next: zero-probe cells first, then the lowest count; ties go to the one with
 * fewer rounds, then to the earlier in the order given (catalogue order). A candidate whose probes
 * left no evidence cannot be steered and comes last. Undefined when there is no candidate.
 */
export function nextRound(candidates: readonly ExploreCandidate[]): NextRound | undefined {
  let best: { id: string; cell: ThinnestCell; rounds: number } | undefined;
  for (const c of candidates) {
    const cell = thinnestCell(c) ?? { operation: '(none)', family: '(none)', probes: Number.POSITIVE_INFINITY };
    if (!best || cell.probes < best.cell.probes || (cell.probes === best.cell.probes && c.rounds < best.rounds)) best = { id: c.id, cell, rounds: c.rounds };
  }
  return best && { id: best.id, cell: best.cell };
}
