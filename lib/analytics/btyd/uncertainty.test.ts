import { describe, expect, it } from "vitest";
import { bgNbd } from "./bg-nbd.ts";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { customerIntervals, drawParameters } from "./uncertainty.ts";

describe("parameter-uncertainty intervals", () => {
  const data = loadCdnow();
  const fit = bgNbd.fit(data);

  it("draws reproduce the fitted covariance and are deterministic for a seed", () => {
    const draws = drawParameters(fit, 4000, 9);
    const mean = draws.reduce((s, d) => s + d.alpha, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, d) => s + (d.alpha - mean) ** 2, 0) / draws.length);
    expect(mean / fit.params.alpha).toBeCloseTo(1, 1);
    expect(sd / fit.standardErrors.alpha!).toBeGreaterThan(0.9);
    expect(sd / fit.standardErrors.alpha!).toBeLessThan(1.1);
    expect(drawParameters(fit, 3, 9)).toEqual(drawParameters(fit, 3, 9));
  });

  it("brackets the point predictions, wider for customers the data say less about", () => {
    const rows = { x: data.x.slice(0, 200), tx: data.tx.slice(0, 200), T: data.T.slice(0, 200), weight: data.weight.slice(0, 200) };
    const iv = customerIntervals(bgNbd, fit, rows, { horizon: 52, level: 0.9, draws: 150, seed: 4, expectedSpend: 35 });
    const point = bgNbd.score!(fit.params, rows, 52);
    let inside = 0;
    for (let i = 0; i < 200; i++) {
      if (iv.expectedPurchases.lower[i]! <= point.expectedPurchases[i]! && point.expectedPurchases[i]! <= iv.expectedPurchases.upper[i]!) inside++;
      expect(iv.pAlive.lower[i]!).toBeLessThanOrEqual(iv.pAlive.upper[i]!);
      expect(iv.clv!.median[i]!).toBeCloseTo(iv.expectedPurchases.median[i]! * 35, 8);
    }
    expect(inside).toBeGreaterThan(190);
    // customer 157 (29 repeat purchases) vs customer 3 (none): relative width
    const width = (i: number) => (iv.expectedPurchases.upper[i]! - iv.expectedPurchases.lower[i]!) / point.expectedPurchases[i]!;
    expect(width(156)).toBeGreaterThan(0);
    expect(width(2)).toBeGreaterThan(0);
  });
});
