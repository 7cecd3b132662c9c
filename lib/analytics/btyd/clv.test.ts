import { describe, expect, it } from "vitest";
import { bgNbd } from "./bg-nbd.ts";
import {
  bgNbdExpectedRemainingPurchases,
  continuousDiscountRate,
  customerLifetimeValues,
  discountedExpectedPurchases,
  paretoNbdDert,
  paretoNbdExpectedRemainingPurchases,
} from "./clv.ts";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { integrate } from "./math/quadrature.ts";
import { paretoNbd, paretoNbdAliveExpectation } from "./pareto-nbd.ts";

const PNBD = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("CLV", () => {
  it("Pareto/NBD DERT equals the numerically integrated discounted expectation", () => {
    const delta = continuousDiscountRate(0.15, 52);
    for (const s of [0.606, 1.7]) {
      const p = { ...PNBD, s };
      for (const [x, tx, T] of [
        [2, 30.43, 38.86],
        [0, 0, 38.86],
        [20, 38, 39],
      ] as const) {
        // ∫ e^{-δt} d/dt E[Y(t)] dt, with t = u / (1 - u) mapping [0, 1) onto [0, ∞)
        const rate = (t: number) => {
          const h = 1e-4 * (1 + t);
          return (paretoNbdAliveExpectation(p, t + h, x, T) - paretoNbdAliveExpectation(p, Math.max(0, t - h), x, T)) / (t + h - Math.max(0, t - h));
        };
        const numeric =
          paretoNbd.pAlive(p, x, tx, T) *
          integrate((u, _lo, fromHi) => {
            const t = u / fromHi;
            return Math.exp(-delta * t) * rate(t) / (fromHi * fromHi);
          }, 0, 1, 7);
        expect(paretoNbdDert(p, delta, x, tx, T) / numeric).toBeCloseTo(1, 5);
      }
    }
  });

  it("sums discounted period increments; no discount and one long period give the conditional expectation", () => {
    const plain = discountedExpectedPurchases(bgNbd, BG, 2, 30.43, 38.86, { periods: 12, periodLength: 4, discountRate: 0 });
    expect(plain).toBeCloseTo(bgNbd.conditionalExpectedPurchases(BG, 48, 2, 30.43, 38.86), 12);
    const discounted = discountedExpectedPurchases(bgNbd, BG, 2, 30.43, 38.86, { periods: 12, periodLength: 4, discountRate: 0.01 });
    expect(discounted).toBeLessThan(plain);
    expect(discounted).toBeGreaterThan(plain / Math.pow(1.01, 12));
  });

  it("bulk CLV equals the per-customer sum times spend", () => {
    const data = loadCdnow();
    const options = { periods: 6, periodLength: 4.348, discountRate: 0.01 };
    const clv = customerLifetimeValues(bgNbd, BG, data, data.zbar, options);
    for (const i of [0, 5, 156]) {
      const one = discountedExpectedPurchases(bgNbd, BG, data.x[i]!, data.tx[i]!, data.T[i]!, options) * data.zbar[i]!;
      expect(clv[i]).toBeCloseTo(one, 10);
    }
  });

  it("names the condition instead of returning NaN or Infinity", () => {
    expect(() => bgNbdExpectedRemainingPurchases(BG, 2, 30, 38)).toThrow(/a <= 1/);
    expect(bgNbdExpectedRemainingPurchases({ ...BG, a: 1.5 }, 2, 30, 38)).toBeGreaterThan(0);
    expect(() => paretoNbdExpectedRemainingPurchases(PNBD, 2, 30, 38)).toThrow(/s <= 1/);
    expect(() => paretoNbdDert(PNBD, 0, 2, 30, 38)).toThrow(/delta > 0/);
    expect(() => discountedExpectedPurchases(bgNbd, BG, 1, 1, 2, { periods: 0, periodLength: 1, discountRate: 0 })).toThrow(/periods/);
  });
});
