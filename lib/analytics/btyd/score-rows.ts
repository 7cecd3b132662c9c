/**
 * Scores many customers at once: the expensive "expected purchases if alive"
 * part once per distinct (x, T), which for BG/NBD-type models does not depend
 * on tx, and the cheap P(alive) per row.
 */
import { groupRows } from "./distinct-rows.ts";
import { validateFrequencyRecency } from "./prepare-data.ts";
import type { CustomerScores, FrequencyRecencyData } from "./types.ts";

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
