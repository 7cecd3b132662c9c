import { describe, expect, it } from "vitest";
import { sampleBeta, sampleGamma, seededRandom, simulateBgNbdTransactions } from "./simulate-transactions.ts";

const meanAndVariance = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
};

describe("samplers", () => {
  it("draw gamma variates with mean shape/rate and variance shape/rate^2, small shapes included", () => {
    for (const [shape, rate] of [
      [0.25, 4],
      [2.5, 0.5],
    ] as const) {
      const random = seededRandom(11);
      const { mean, variance } = meanAndVariance(Array.from({ length: 40000 }, () => sampleGamma(random, shape, rate)));
      expect(mean / (shape / rate)).toBeCloseTo(1, 1);
      expect(variance / (shape / rate ** 2)).toBeGreaterThan(0.9);
      expect(variance / (shape / rate ** 2)).toBeLessThan(1.1);
    }
  });

  it("draw beta variates with mean a/(a+b)", () => {
    const random = seededRandom(3);
    const { mean } = meanAndVariance(Array.from({ length: 40000 }, () => sampleBeta(random, 0.8, 2.4)));
    expect(mean).toBeCloseTo(0.25, 2);
  });

  it("is reproducible for a seed", () => {
    const opts = { customers: 50, firstDay: 0, acquisitionDays: 30, lastDay: 200, timeUnit: "week" as const, seed: 5 };
    const params = { r: 0.5, alpha: 3, a: 1, b: 3 };
    expect(simulateBgNbdTransactions(params, opts)).toEqual(simulateBgNbdTransactions(params, opts));
    expect(simulateBgNbdTransactions(params, { ...opts, seed: 6 })).not.toEqual(simulateBgNbdTransactions(params, opts));
  });
});
