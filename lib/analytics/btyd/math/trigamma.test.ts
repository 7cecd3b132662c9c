import { describe, expect, it } from "vitest";
import { digamma } from "./digamma.ts";
import { trigamma } from "./trigamma.ts";

describe("trigamma", () => {
  it("matches closed forms and mpmath values", () => {
    expect(trigamma(1) / (Math.PI ** 2 / 6)).toBeCloseTo(1, 14);
    expect(trigamma(0.5) / (Math.PI ** 2 / 2)).toBeCloseTo(1, 14);
    // ψ1(1/4) = π² + 8 G (Catalan's constant); mpmath psi(1, 10) and psi(1, 1e4)
    expect(trigamma(0.25) / (Math.PI ** 2 + 8 * 0.915965594177219)).toBeCloseTo(1, 14);
    expect(trigamma(10) / 0.10516633568168575).toBeCloseTo(1, 14);
    expect(trigamma(1e4) / 1.000050001666666e-4).toBeCloseTo(1, 13);
  });

  it("obeys the recurrence across the series switch and is the derivative of digamma", () => {
    for (const x of [0.01, 0.7, 3.3, 9.5, 9.999, 10, 42]) {
      // the subtraction loses digits for small x (ψ1(x) ≈ 1/x²): compare on the scale of ψ1(x)
      expect((trigamma(x) - 1 / (x * x) - trigamma(x + 1)) / trigamma(x)).toBeCloseTo(0, 14);
      const h = 1e-4 * x;
      expect((digamma(x + h) - digamma(x - h)) / (2 * h) / trigamma(x)).toBeCloseTo(1, 7);
    }
  });
});
