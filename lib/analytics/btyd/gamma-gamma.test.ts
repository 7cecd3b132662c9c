import { describe, expect, it } from "vitest";
import { loadCdnowSpend } from "./fixtures/load-fixtures.ts";
import { gammaGamma, gammaGammaConditionalSpend, gammaGammaPopulationMean, type GammaGammaParams } from "./gamma-gamma.ts";
import { Random } from "./random.ts";

describe("Gamma-Gamma", () => {
  it("fits CDNOW repeat spend to Fader & Hardie's p = 6.25, q = 3.74, gamma = 15.44", () => {
    const data = loadCdnowSpend();
    expect(data.x.length).toBe(946);
    const fit = gammaGamma.fit(data);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.v).toBeCloseTo(15.44, 1);
  });

  it("shrinks a customer's mean towards the population mean, less so with more purchases", () => {
    const p = { p: 6.25, q: 3.74, v: 15.44 };
    const population = gammaGammaPopulationMean(p);
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    const one = gammaGammaConditionalSpend(p, 1, 100);
    const ten = gammaGammaConditionalSpend(p, 10, 100);
    expect(one).toBeGreaterThan(population);
    expect(one).toBeLessThan(ten);
    expect(ten).toBeLessThan(100);
  });

  it("refuses an undefined mean (q <= 1) with a clear error", () => {
    expect(() => gammaGammaPopulationMean({ p: 2, q: 0.9, v: 10 })).toThrow(/q <= 1/);
  });

  it("recovers parameters from its generative process, and E[Z | x, zbar] matches simulation", () => {
    const truth: GammaGammaParams = { p: 4, q: 5, v: 60 };
    const rng = new Random(3);
    const n = 20_000;
    const x = new Float64Array(n);
    const zbar = new Float64Array(n);
    const nextSpend = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const nu = rng.gamma(truth.q, truth.v);
      x[i] = 1 + Math.floor(8 * rng.uniform());
      let sum = 0;
      for (let j = 0; j < x[i]!; j++) sum += rng.gamma(truth.p, nu);
      zbar[i] = sum / x[i]!;
      nextSpend[i] = rng.gamma(truth.p, nu);
    }
    const fit = gammaGamma.fit({ x, monetaryValue: zbar, weight: new Float64Array(n).fill(1) });
    for (const name of fit.paramNames) {
      expect(Math.abs((fit.params[name]! - truth[name]!) / fit.standardErrors[name]!), name).toBeLessThan(3.5);
    }
    // the next transaction's value averages to the conditional expectation
    let residual = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const d = nextSpend[i]! - gammaGammaConditionalSpend(truth, x[i]!, zbar[i]!);
      residual += d;
      sq += d * d;
    }
    expect(Math.abs(residual / Math.sqrt(sq))).toBeLessThan(4);
  });
});
