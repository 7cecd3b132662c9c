import { describe, expect, it } from "vitest";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { mbgNbd, type MbgNbdParams } from "./mbg-nbd.ts";
import { Random } from "./random.ts";
import { simulateBgNbdFamily } from "./simulate.ts";
import { residualZ } from "./testing/monte-carlo.ts";

describe("MBG/NBD", () => {
  it("fits CDNOW to the BTYDplus estimates (r 0.525, alpha 6.183, a 0.891, b 1.614)", () => {
    const fit = mbgNbd.fit(loadCdnow());
    expect(fit.params.r).toBeCloseTo(0.525, 3);
    expect(fit.params.alpha).toBeCloseTo(6.183, 2);
    expect(fit.params.a).toBeCloseTo(0.891, 2);
    expect(fit.params.b).toBeCloseTo(1.614, 2);
  });

  it("P(X(t) = n) sums to one with mean E[X(t)]; P(alive) < 1 with no repeat purchase", () => {
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    let total = 0;
    let first = 0;
    for (let n = 0; n < 3000; n++) {
      const prob = mbgNbd.probabilityOfPurchases(p, 39, n);
      total += prob;
      first += n * prob;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(first / mbgNbd.expectedPurchasesNewCustomer(p, 39)).toBeCloseTo(1, 8);
    expect(mbgNbd.pAlive(p, 0, 0, 30)).toBeLessThan(1);
    expect(mbgNbd.pAlive(p, 0, 0, 1e-9)).toBeCloseTo(p.b / (p.a + p.b), 6);
  });

  const truth: MbgNbdParams = { r: 0.6, alpha: 8, a: 0.9, b: 3.5 };
  const rng = new Random(11);
  const T = Float64Array.from({ length: 30_000 }, () => 20 + 32 * rng.uniform());
  const sim = simulateBgNbdFamily(truth, T, 26, rng, true);

  it("recovers simulated parameters within 3.5 standard errors", () => {
    const fit = mbgNbd.fit(sim.data);
    for (const name of fit.paramNames) {
      const z = (fit.params[name]! - truth[name]!) / fit.standardErrors[name]!;
      expect(Math.abs(z), name).toBeLessThan(3.5);
    }
  });

  it("predicts alive status and holdout purchases by group", () => {
    const { data, aliveAtT, holdoutPurchases } = sim;
    const scores = mbgNbd.score!(truth, data, 26);
    for (const group of [(i: number) => data.x[i] === 0, (i: number) => data.x[i]! >= 1 && data.x[i]! <= 3, (i: number) => data.x[i]! >= 4]) {
      expect(Math.abs(residualZ(aliveAtT, scores.pAlive, group))).toBeLessThan(4);
      expect(Math.abs(residualZ(holdoutPurchases, scores.expectedPurchases, group))).toBeLessThan(4);
    }
  });
});
