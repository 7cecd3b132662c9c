import { describe, expect, it } from "vitest";
import { bgNbd } from "./bg-nbd.ts";
import { mbgNbd } from "./mbg-nbd.ts";
import { paretoNbd } from "./pareto-nbd.ts";
import { Random } from "./random.ts";
import type { FrequencyRecencyData, ParamMap, TransactionModel } from "./types.ts";

/** Daily-style rows that repeat, zero weights included (they are customers too, just not fitted). */
function repeatedRows(n: number, seed: number): FrequencyRecencyData {
  const rng = new Random(seed);
  const data = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), weight: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const T = 1 + Math.floor(60 * rng.uniform());
    const x = rng.uniform() < 0.4 ? 0 : Math.floor(8 * rng.uniform());
    data.T[i] = T;
    data.x[i] = x;
    data.tx[i] = x === 0 ? 0 : Math.min(T, Math.round(T * rng.uniform()));
    data.weight[i] = rng.uniform() < 0.1 ? 0 : 1;
  }
  return data;
}

function expectScoresMatchScalars<P extends ParamMap>(model: TransactionModel<P>, params: P, data: FrequencyRecencyData) {
  const t = 30;
  const scores = model.score!(params, data, t);
  for (let i = 0; i < data.x.length; i++) {
    const [x, tx, T] = [data.x[i]!, data.tx[i]!, data.T[i]!];
    expect(scores.pAlive[i], `row ${i}`).toBeCloseTo(model.pAlive(params, x, tx, T), 12);
    const expected = model.conditionalExpectedPurchases(params, t, x, tx, T);
    expect(scores.expectedPurchases[i]! / expected, `row ${i}`).toBeCloseTo(1, 12);
  }
}

describe("bulk scoring", () => {
  const data = repeatedRows(3000, 11);

  it("gives every row, repeated or zero-weighted, its own P(alive) and expectation (BG/NBD, MBG/NBD)", () => {
    expectScoresMatchScalars(bgNbd, { r: 0.3, alpha: 6, a: 0.7, b: 2.2 }, data);
    expectScoresMatchScalars(mbgNbd, { r: 0.3, alpha: 6, a: 0.7, b: 2.2 }, data);
  });

  it("gives every row its own P(alive) and expectation (Pareto/NBD, alpha above and below beta)", () => {
    expectScoresMatchScalars(paretoNbd, { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, data);
    expectScoresMatchScalars(paretoNbd, { r: 0.8, alpha: 25, s: 1.3, beta: 4 }, data);
  });
});
