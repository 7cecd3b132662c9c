/**
 * The RFM segment map is a 5 × 5 grid: rows are the recency score R (1..5),
 * columns the "FM" score (the frequency score, or frequency and monetary
 * combined, see fmScore). Settings describe it as rectangles of cells per
 * segment, which is how marketers write it down ("R 1–2, FM 3–4: At risk");
 * the SQL reads it as a flat array of 25 names.
 */

export interface SegmentRule {
  segment: string;
  /** Inclusive [min, max] of the recency score. */
  r: readonly [number, number];
  /** Inclusive [min, max] of the FM score. */
  fm: readonly [number, number];
}

export type SecondAxis = "frequency" | "frequency-monetary";

export interface GridProblem {
  r: number;
  fm: number;
  /** Segments claiming the cell: none (uncovered) or several (overlap). */
  segments: string[];
}

/** Index of a cell in the flat grid (0-based); the SQL uses this + 1. */
export function cellIndex(r: number, fm: number): number {
  return (r - 1) * 5 + (fm - 1);
}

/**
 * The FM score: F alone, or (F + M) / 2 rounded half up, so F=4, M=5 gives 5
 * and F=1, M=2 gives 2. Kept in integers so the SQL twin matches exactly.
 */
export function fmScore(axis: SecondAxis, f: number, m: number): number {
  return axis === "frequency" ? f : Math.floor((f + m + 1) / 2);
}

/** Every cell not claimed by exactly one rule; empty when the rules tile the grid. */
export function gridProblems(rules: readonly SegmentRule[]): GridProblem[] {
  const claims: string[][] = Array.from({ length: 25 }, () => []);
  for (const rule of rules) {
    for (let r = rule.r[0]; r <= rule.r[1]; r++) {
      for (let fm = rule.fm[0]; fm <= rule.fm[1]; fm++) claims[cellIndex(r, fm)]?.push(rule.segment);
    }
  }
  const problems: GridProblem[] = [];
  claims.forEach((segments, i) => {
    if (segments.length !== 1) problems.push({ r: Math.floor(i / 5) + 1, fm: (i % 5) + 1, segments });
  });
  return problems;
}

/** Flat 25-name grid, row-major by R then FM. Throws if the rules do not tile the grid. */
export function segmentGrid(rules: readonly SegmentRule[]): string[] {
  const problems = gridProblems(rules);
  if (problems.length > 0) throw new Error(`RFM segment rules do not cover every cell exactly once: ${describeProblems(problems)}`);
  const grid: string[] = new Array<string>(25).fill("");
  for (const rule of rules) {
    for (let r = rule.r[0]; r <= rule.r[1]; r++) {
      for (let fm = rule.fm[0]; fm <= rule.fm[1]; fm++) grid[cellIndex(r, fm)] = rule.segment;
    }
  }
  return grid;
}

export function describeProblems(problems: readonly GridProblem[]): string {
  return problems
    .map((p) => (p.segments.length === 0 ? `R${p.r}/FM${p.fm} uncovered` : `R${p.r}/FM${p.fm} claimed by ${p.segments.join(" and ")}`))
    .join("; ");
}
