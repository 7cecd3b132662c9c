/**
 * Scores many customers at once: P(alive) once per distinct (x, tx, T), the
 * expensive "expected purchases if alive" part once per distinct (x, T),
 * which for BG/NBD-type models does not depend on tx, then every customer
 * reads its group's numbers.
 */
import { groupRows, type RowGroups } from "./distinct-rows.ts";
import { validateFrequencyRecency } from "./prepare-data.ts";
import type { CustomerScores, FrequencyRecencyData } from "./types.ts";

/** Distinct (x, tx, T) rows of the data (weights ignored: every row is scored) and each row's group. */
export interface ScoringGroups extends RowGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

export function scoringGroups(data: FrequencyRecencyData, tx: Float64Array = data.tx): ScoringGroups {
  validateFrequencyRecency(data);
  const groups = groupRows(data.x, tx, data.T);
  const pick = (col: Float64Array) => Float64Array.from(groups.first, (i) => col[i]!);
  return { ...groups, x: pick(data.x), tx: pick(tx), T: pick(data.T) };
}

/** Per-group scores copied out to every row. */
export function spreadScores(groups: RowGroups, groupAlive: Float64Array, groupExpected: Float64Array): CustomerScores {
  const n = groups.groupOf.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i]!;
    pAlive[i] = groupAlive[g]!;
    expectedPurchases[i] = groupExpected[g]!;
  }
  return { pAlive, expectedPurchases };
}

export function scoreRows(
  data: FrequencyRecencyData,
  pAlive: (x: number, tx: number, T: number) => number,
  aliveExpectation: (x: number, T: number) => number,
): CustomerScores {
  validateFrequencyRecency(data);
  // daily data have few distinct (x, T) but many distinct (x, tx, T): group the pairs only
  const byXT = groupRows(data.x, data.T, null);
  const expectation = new Float64Array(byXT.count);
  for (let k = 0; k < byXT.count; k++) {
    const i = byXT.first[k]!;
    expectation[k] = aliveExpectation(data.x[i]!, data.T[i]!);
  }
  const n = data.x.length;
  const alive = new Float64Array(n);
  const expected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pa = pAlive(data.x[i]!, data.tx[i]!, data.T[i]!);
    alive[i] = pa;
    expected[i] = pa * expectation[byXT.groupOf[i]!]!;
  }
  return { pAlive: alive, expectedPurchases: expected };
}
