import type { CustomerScores, FrequencyRecencyData, ParamMap, TransactionModel } from "../btyd/types.ts";

/**
 * P(alive) and E[purchases in the next t] per (x, tx, T) pattern, through the
 * model's bulk scorer. The bulk scorer refuses T = 0 (first purchase on the
 * observation end), so those patterns go one by one.
 */
export function scorePatterns<P extends ParamMap>(
  model: TransactionModel<P>,
  params: P,
  patterns: FrequencyRecencyData,
  t: number,
): CustomerScores {
  const n = patterns.x.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const bulk: number[] = [];
  for (let g = 0; g < n; g++) {
    if (patterns.T[g]! > 0) {
      bulk.push(g);
      continue;
    }
    const [x, tx, T] = [patterns.x[g]!, patterns.tx[g]!, patterns.T[g]!];
    pAlive[g] = model.pAlive(params, x, tx, T);
    expectedPurchases[g] = model.conditionalExpectedPurchases(params, t, x, tx, T);
  }
  if (bulk.length > 0) {
    const pick = (column: Float64Array) => Float64Array.from(bulk, (g) => column[g]!);
    const subset = { x: pick(patterns.x), tx: pick(patterns.tx), T: pick(patterns.T), weight: pick(patterns.weight) };
    const scores = model.score(params, subset, t);
    bulk.forEach((g, k) => {
      pAlive[g] = scores.pAlive[k]!;
      expectedPurchases[g] = scores.expectedPurchases[k]!;
    });
  }
  return { pAlive, expectedPurchases };
}
