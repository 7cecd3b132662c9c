/**
 * Scores many customers at once: P(alive) per row, and the expensive
 * "expected purchases if alive" part once per distinct (x, T), which for
 * BG/NBD-type models does not depend on tx.
 */
import type { CustomerScores, FrequencyRecencyData } from "./types.ts";
import { validateFrequencyRecency } from "./prepare-data.ts";

export function scoreRows(
  data: FrequencyRecencyData,
  pAlive: (x: number, tx: number, T: number) => number,
  aliveExpectation: (x: number, T: number) => number,
): CustomerScores {
  validateFrequencyRecency(data);
  const n = data.x.length;
  const alive = new Float64Array(n);
  const expected = new Float64Array(n);
  const cache = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const T = data.T[i]!;
    let byT = cache.get(x);
    if (!byT) {
      byT = new Map();
      cache.set(x, byT);
    }
    let e = byT.get(T);
    if (e === undefined) {
      e = aliveExpectation(x, T);
      byT.set(T, e);
    }
    const pa = pAlive(x, data.tx[i]!, T);
    alive[i] = pa;
    expected[i] = pa * e;
  }
  return { pAlive: alive, expectedPurchases: expected };
}
