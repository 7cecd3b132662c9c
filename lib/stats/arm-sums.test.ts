import { describe, expect, it } from "vitest";
import { ArmSumsAccumulator, armMoments, armSumsFromArrays } from "./arm-sums.ts";
import { Random } from "./testing/simulate-arms.ts";

function twoPass(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, variance: squares / (values.length - 1) };
}

describe("arm sums", () => {
  it("keeps the variance of 1M revenue values of mean 1e4 exact to 1e-6, even with a small spread", () => {
    const rng = new Random(7);
    for (const sd of [1, 100, 10_000]) {
      const values = new Float64Array(1_000_000);
      for (let i = 0; i < values.length; i++) values[i] = 10_000 + sd * rng.normal();
      const reference = twoPass(values);
      const moments = armMoments(armSumsFromArrays(values));
      expect(moments.n).toBe(1_000_000);
      expect(Math.abs(moments.mean - reference.mean) / reference.mean).toBeLessThan(1e-12);
      expect(Math.abs(moments.variance - reference.variance) / reference.variance).toBeLessThan(1e-6);
    }
  });

  it("gives the sample (n − 1) variance and the covariate sums", () => {
    const sums = armSumsFromArrays([1, 2, 3, 4], [2, 0, 1, 5]);
    expect(sums).toEqual({ n: 4, sumY: 10, sumY2: 30, sumX: 8, sumX2: 30, sumXY: 25 });
    expect(armMoments(sums)).toEqual({ n: 4, mean: 2.5, variance: 5 / 3 });
  });

  it("refuses a covariate-less row once the arm was started with a covariate", () => {
    const acc = new ArmSumsAccumulator({ covariate: true });
    expect(() => acc.add(1)).toThrow(/covariate/);
  });
});
