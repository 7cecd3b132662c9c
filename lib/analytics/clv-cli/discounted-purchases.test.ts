import { describe, expect, it } from "vitest";
import { discountedExpectedPurchases } from "./discounted-purchases.ts";

const one = (f: (t: number) => number) => (t: number) => Float64Array.of(f(t));

describe("discountedExpectedPurchases", () => {
  it("equals the annuity formula for a constant purchase rate", () => {
    // lambda per period for H periods at rate D: lambda * (1 - (1 + D)^-H) / D.
    const lambdas = [0.4, 2];
    const D = 0.01;
    const result = discountedExpectedPurchases((t) => Float64Array.from(lambdas, (l) => l * t), 52, D);
    lambdas.forEach((l, i) => expect(result[i]).toBeCloseTo((l * (1 - 1.01 ** -52)) / D, 12));
  });

  it("is the undiscounted expectation at rate 0 and counts a partial last period", () => {
    expect(discountedExpectedPurchases(one(Math.sqrt), 10, 0)[0]).toBe(Math.sqrt(10));
    expect(discountedExpectedPurchases(one((t) => 2 * t), 2.5, 0.1)[0]).toBeCloseTo(2 / 1.1 + 2 / 1.21 + 1 / 1.331, 12);
  });
});

describe("discountedExpectedPurchases vs the BTYD library's horizon CLV", () => {
  it("agrees with btyd's per-customer discounting on whole-period horizons", async () => {
    const { bgNbd, discountedExpectedPurchases: libraryDiscounted } = await import("../btyd/index.ts");
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [7, 20, 38.86],
    ] as const) {
      const ours = discountedExpectedPurchases(
        one((t) => bgNbd.conditionalExpectedPurchases(params, t, x, tx, T)),
        26,
        0.005,
      )[0]!;
      const theirs = libraryDiscounted(bgNbd, params, x, tx, T, { periods: 26, periodLength: 1, discountRate: 0.005 });
      expect(ours).toBeCloseTo(theirs, 10);
    }
  });
});
