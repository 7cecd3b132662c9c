import { describe, expect, it } from "vitest";
import { discountedExpectedPurchases } from "./discounted-purchases.ts";

describe("discountedExpectedPurchases", () => {
  it("equals the annuity formula for a constant purchase rate", () => {
    // lambda per period for H periods at rate D: lambda * (1 - (1 + D)^-H) / D.
    const lambda = 0.4;
    const D = 0.01;
    expect(discountedExpectedPurchases((t) => lambda * t, 52, D)).toBeCloseTo((lambda * (1 - 1.01 ** -52)) / D, 12);
  });

  it("is the undiscounted expectation at rate 0 and counts a partial last period", () => {
    expect(discountedExpectedPurchases((t) => Math.sqrt(t), 10, 0)).toBe(Math.sqrt(10));
    expect(discountedExpectedPurchases((t) => 2 * t, 2.5, 0.1)).toBeCloseTo(2 / 1.1 + 2 / 1.21 + 1 / 1.331, 12);
  });
});
