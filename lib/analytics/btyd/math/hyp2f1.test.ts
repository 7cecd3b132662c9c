import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hyp2f1, logHyp2f1 } from "./hyp2f1.ts";
import { logGamma } from "./log-gamma.ts";
import { integrate } from "./quadrature.ts";

type ReferenceCase = [string, number, number, number, number, number, number];
const reference = JSON.parse(
  readFileSync(new URL("../fixtures/hyp2f1-reference.json", import.meta.url), "utf8"),
) as ReferenceCase[];

describe("logHyp2f1 against 40-digit reference values", () => {
  it.each(["bgnbd", "negative-c", "pareto", "negative-z", "near-integer"])("%s cases", (kind) => {
    const cases = reference.filter((c) => c[0] === kind);
    expect(cases.length).toBeGreaterThan(10);
    for (const [, a, b, c, z, logAbs, sign] of cases) {
      const got = logHyp2f1(a, b, c, z);
      expect(got.sign, `sign of 2F1(${a}, ${b}; ${c}; ${z})`).toBe(sign);
      const relative = Math.abs(got.logAbs - logAbs) / Math.max(1, Math.abs(logAbs));
      expect(relative, `2F1(${a}, ${b}; ${c}; ${z})`).toBeLessThan(5e-10);
    }
  });
});

describe("closed forms across the range", () => {
  it("2F1(1, 1; 2; z) = -ln(1 - z) / z from very negative z to z next to 1", () => {
    for (const z of [-1e6, -1000, -3, -0.5, -1e-8, 1e-8, 0.3, 0.74, 0.76, 0.9, 0.99, 1 - 1e-6, 1 - 1e-12]) {
      const expected = -Math.log1p(-z) / z;
      expect(hyp2f1(1, 1, 2, z) / expected).toBeCloseTo(1, 10);
    }
  });

  it("2F1(a, b; b; z) = (1 - z)^-a, in log space where the value overflows", () => {
    for (const [a, b, z] of [
      [0.7, 3.2, 0.5],
      [1000.3, 1002.7, 0.95],
      [2500, 40, -30],
      [0.243, 0.05, 1 - 1e-9],
    ] as const) {
      expect(logHyp2f1(a, b, b, z).logAbs / (-a * Math.log1p(-z))).toBeCloseTo(1, 10);
    }
  });

  it("arcsin and arctan forms", () => {
    for (const x of [0.1, 0.5, 0.9, 0.999999]) {
      expect(hyp2f1(0.5, 0.5, 1.5, x * x)).toBeCloseTo(Math.asin(x) / x, 9);
    }
    for (const x of [0.1, 1, 10, 1000]) expect(hyp2f1(0.5, 1, 1.5, -x * x)).toBeCloseTo(Math.atan(x) / x, 12);
  });

  it("Gauss's theorem at z = 1 and polynomials for non-positive integer a", () => {
    expect(hyp2f1(0.3, 0.4, 2, 1)).toBeCloseTo(Math.exp(logGamma(2) + logGamma(1.3) - logGamma(1.7) - logGamma(1.6)), 13);
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))
    const [b, c, z] = [3.5, -4.5, 7];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 10);
    expect(() => logHyp2f1(1, 2, -3, 0.5)).toThrow(/non-positive integer/);
    expect(() => logHyp2f1(1, 2, 2.5, 1)).toThrow(/diverges/);
  });
});

describe("Euler integral", () => {
  // 2F1(a, b; c; z) = Γ(c) / (Γ(b) Γ(c - b)) ∫ t^(b-1) (1-t)^(c-b-1) (1-zt)^-a dt, c > b > 0
  const eulerIntegral = (a: number, b: number, c: number, z: number) => {
    const logPrefactor = logGamma(c) - logGamma(b) - logGamma(c - b);
    const value = integrate(
      (t, fromLo, fromHi) =>
        Math.exp(
          logPrefactor + (b - 1) * Math.log(fromLo) + (c - b - 1) * Math.log(fromHi) - a * Math.log1p(-z * t),
        ),
      0,
      1,
    );
    return value;
  };

  it.each([
    [0.7, 1.3, 2.9, 0.4],
    [2.5, 0.8, 3.1, -4],
    [0.24, 1.5, 3.2, 0.97],
    [1.1, 2.2, 2.9, -250],
    [3.3, 1.7, 2.6, 0.999],
  ])("2F1(%f, %f; %f; %f)", (a, b, c, z) => {
    expect(hyp2f1(a, b, c, z) / eulerIntegral(a, b, c, z)).toBeCloseTo(1, 8);
  });
});
