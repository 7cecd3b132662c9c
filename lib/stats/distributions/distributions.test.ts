import { describe, expect, it } from "vitest";
import { chiSquareCdf, chiSquareSurvival } from "./chi-square.ts";
import { normalCdf, normalQuantile } from "./normal.ts";
import { studentTCdf, studentTQuantile, studentTTwoSidedTail } from "./student-t.ts";

// Published values: quantiles from standard tables (Abramowitz & Stegun 26.2,
// 26.7, 26.4), as R's qt/qnorm/qchisq print them to 10 digits.
const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

describe("normal distribution", () => {
  it("matches published quantiles and probabilities", () => {
    close(normalQuantile(0.975), 1.959963985);
    close(normalQuantile(0.995), 2.575829304);
    close(normalQuantile(0.8), 0.8416212336);
    close(normalQuantile(1e-10), -6.361340902);
    close(normalCdf(1), 0.8413447461);
    close(normalCdf(-3), 0.001349898032);
    close(normalCdf(-10), 7.619853024e-24);
  });

  it("is the inverse of its CDF across the range", () => {
    for (const p of [1e-300, 1e-15, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1 - 1e-12]) {
      close(normalCdf(normalQuantile(p)), p, 1e-12 / Math.min(p, 1 - p) + 1e-13);
    }
  });
});

describe("Student's t distribution", () => {
  it("matches published quantiles", () => {
    close(studentTQuantile(0.975, 10), 2.228138852);
    close(studentTQuantile(0.975, 1), 12.70620474);
    close(studentTQuantile(0.975, 2), 4.30265273);
    close(studentTQuantile(0.975, 30), 2.042272456);
    close(studentTQuantile(0.995, 5), 4.032142984);
    close(studentTQuantile(0.95, 100), 1.660234326);
    close(studentTQuantile(0.025, 10), -2.228138852);
  });

  it("agrees with the closed forms for 1 and 2 degrees of freedom", () => {
    for (const t of [-50, -3, -0.5, 0, 0.2, 1, 7, 300]) {
      close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12);
      close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12);
    }
  });

  it("approaches the normal at large degrees of freedom (Welch at a million customers)", () => {
    // Cornish–Fisher: t_p ≈ z + (z³ + z) / (4ν) for large ν.
    const z = normalQuantile(0.975);
    close(studentTQuantile(0.975, 2e6), z + (z ** 3 + z) / 8e6, 1e-9);
    close(studentTTwoSidedTail(3, 1e9), 2 * normalCdf(-3), 1e-6);
    close(studentTTwoSidedTail(8, 1e7), 2 * normalCdf(-8), 1e-3); // the t tail is heavier by ~t⁴/(4ν)
  });

  it("agrees with the finite series for even degrees of freedom (A&S 26.7.3)", () => {
    // 1 − P(|T| > t) = sin θ (1 + ½cos²θ + (1·3)/(2·4) cos⁴θ + … ), θ = atan(t / √ν)
    const seriesTail = (t: number, df: number) => {
      const theta = Math.atan(t / Math.sqrt(df));
      let term = 1;
      let sum = 1;
      for (let k = 1; k <= df / 2 - 1; k++) {
        term *= ((2 * k - 1) / (2 * k)) * Math.cos(theta) ** 2;
        sum += term;
      }
      return 1 - Math.sin(theta) * sum;
    };
    for (const df of [4, 10, 30]) {
      for (const t of [0.1, 1, 2.5, 4]) close(studentTTwoSidedTail(t, df), seriesTail(t, df), 1e-10);
    }
    expect(studentTTwoSidedTail(0, 7)).toBe(1);
  });

  it("keeps small two-sided p-values in relative precision", () => {
    // ν = 2: P(|T| > t) = 1 − t/√(2 + t²) = 2 / (√(2 + t²) (√(2 + t²) + t)), no cancellation
    for (const t of [30, 1e3, 1e5]) {
      const r = Math.sqrt(2 + t * t);
      close(studentTTwoSidedTail(t, 2), 2 / (r * (r + t)), 1e-10);
    }
  });
});

describe("chi-square distribution", () => {
  it("matches published critical values", () => {
    close(chiSquareSurvival(3.841458821, 1), 0.05, 1e-8);
    close(chiSquareSurvival(5.991464547, 2), 0.05, 1e-8);
    close(chiSquareSurvival(18.30703805, 10), 0.05, 1e-8);
    close(chiSquareSurvival(11.34486673, 3), 0.01, 1e-8);
    close(chiSquareCdf(3.841458821, 1), 0.95, 1e-9);
  });

  it("agrees with the closed forms for 1 and 2 degrees of freedom", () => {
    for (const x of [0.01, 0.5, 2, 9, 40, 200]) {
      close(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-12);
      close(chiSquareSurvival(x, 1), 2 * normalCdf(-Math.sqrt(x)), 1e-12);
    }
  });
});
