import { describe, expect, it } from "vitest";
import { ArmSumsAccumulator, armMoments, armSumsFromArrays, type ArmSums } from "./arm-sums.ts";
import { cupedDifference, cupedTheta } from "./cuped.ts";
import { Random } from "./testing/simulate-arms.ts";
import { welchDifference } from "./welch.ts";

/** Ordinary least squares of y on [1, treated, x] by the normal equations (the ANCOVA estimate). */
function ancovaTreatmentEffect(rows: { treated: number; x: number; y: number }[]): number {
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const v = [0, 0, 0];
  for (const r of rows) {
    const f = [1, r.treated, r.x];
    for (let i = 0; i < 3; i++) {
      v[i]! += f[i]! * r.y;
      for (let j = 0; j < 3; j++) m[i]![j]! += f[i]! * f[j]!;
    }
  }
  // Cramer's rule for the coefficient of `treated`
  const det = (a: number[][]) =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const withV = m.map((row, i) => row.map((value, j) => (j === 1 ? v[i]! : value)));
  return det(withV) / det(m);
}

describe("CUPED on known data", () => {
  it("removes a pre-period imbalance exactly when the metric is a line in the covariate", () => {
    // y = 2x in control, 2x + 5 in treatment; treatment happened to have higher x.
    const xc = [1, 2, 3, 4];
    const xt = [3, 4, 5, 6, 7];
    const control = armSumsFromArrays(xc.map((x) => 2 * x), xc);
    const treatment = armSumsFromArrays(xt.map((x) => 2 * x + 5), xt);
    const plain = welchDifference(armMoments(control), armMoments(treatment), 0.95);
    expect(plain.estimate).toBeCloseTo(5 + 2 * (5 - 2.5), 12);
    const cuped = cupedDifference(control, treatment, plain, 0.95);
    expect(cuped.theta).toBeCloseTo(2, 12);
    expect(cuped.estimate).toBeCloseTo(5, 12);
    expect(cuped.high - cuped.low).toBeCloseTo(0, 9);
    expect(cuped.narrowing).toBeCloseTo(1, 9);
  });

  it("equals the ANCOVA regression estimate computed from the raw rows", () => {
    const rng = new Random(3);
    const rows = Array.from({ length: 400 }, (_, i) => {
      const treated = i % 3 === 0 ? 0 : 1;
      const x = Math.exp(rng.normal());
      return { treated, x, y: 3 + 1.7 * x + 0.4 * treated + rng.normal() };
    });
    const arm = (t: number) => {
      const r = rows.filter((row) => row.treated === t);
      return armSumsFromArrays(
        r.map((row) => row.y),
        r.map((row) => row.x),
      );
    };
    const control = arm(0);
    const treatment = arm(1);
    const cuped = cupedDifference(control, treatment, welchDifference(armMoments(control), armMoments(treatment), 0.95), 0.95);
    expect(cuped.estimate).toBeCloseTo(ancovaTreatmentEffect(rows), 10);
  });

  it("does not adjust with a covariate that never varies", () => {
    const control = armSumsFromArrays([1, 2, 3], [5, 5, 5]);
    const treatment = armSumsFromArrays([2, 3, 7], [5, 5, 5]);
    expect(cupedTheta([control, treatment])).toBe(0);
  });
});

/**
 * Customers with a latent value: pre-period and window revenue both scale with
 * it (each zero when the customer is inactive), the treatment lifts window
 * revenue by `lift`. With `correlated` false the pre-period is an independent draw.
 */
function simulate(seed: number, experiments: number, perArm: number, correlated: boolean) {
  const rng = new Random(seed);
  const lift = 0.08;
  const activeRate = 0.7;
  const noiseMean = Math.exp(0.045); // E[LogNormal(0, 0.3)]
  const meanControl = Math.exp(2 + 0.32) * noiseMean * activeRate; // E[LogNormal(2, 0.8)] × noise × active
  const truth = lift * meanControl;
  const draw = (treated: boolean): ArmSums => {
    const acc = new ArmSumsAccumulator({ covariate: true });
    for (let i = 0; i < perArm; i++) {
      const value = Math.exp(2 + 0.8 * rng.normal());
      const otherValue = correlated ? value : Math.exp(2 + 0.8 * rng.normal());
      // Activity persists: most customers who bought before buy again.
      const activeBefore = rng.uniform() < activeRate;
      const activeNow = correlated ? (activeBefore ? rng.uniform() < 0.9 : rng.uniform() < (activeRate - 0.9 * activeRate) / (1 - activeRate)) : rng.uniform() < activeRate;
      const x = activeBefore ? otherValue * Math.exp(0.3 * rng.normal()) : 0;
      const y = activeNow ? value * Math.exp(0.3 * rng.normal()) * (treated ? 1 + lift : 1) : 0;
      acc.add(y, x);
    }
    return acc.sums();
  };
  const plainEstimates: number[] = [];
  const cupedEstimates: number[] = [];
  let cupedCovered = 0;
  let narrowing = 0;
  for (let e = 0; e < experiments; e++) {
    const control = draw(false);
    const treatment = draw(true);
    const plain = welchDifference(armMoments(control), armMoments(treatment), 0.95);
    const cuped = cupedDifference(control, treatment, plain, 0.95);
    plainEstimates.push(plain.estimate);
    cupedEstimates.push(cuped.estimate);
    if (cuped.low <= truth && truth <= cuped.high) cupedCovered++;
    narrowing += cuped.narrowing / experiments;
  }
  return { truth, plainEstimates, cupedEstimates, coverage: cupedCovered / experiments, narrowing };
}

/** How many standard errors of the simulation's average the average is from the truth. */
function standardErrorsFromTruth(estimates: number[], truth: number): number {
  const mean = estimates.reduce((s, v) => s + v, 0) / estimates.length;
  const variance = estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (estimates.length - 1);
  return Math.abs(mean - truth) / Math.sqrt(variance / estimates.length);
}

describe("CUPED in simulated experiments", () => {
  it("narrows the interval when the pre-period correlates, stays unbiased and keeps 94–96% coverage", () => {
    const sim = simulate(21, 2000, 1000, true);
    expect(sim.narrowing).toBeGreaterThan(0.2);
    expect(standardErrorsFromTruth(sim.cupedEstimates, sim.truth)).toBeLessThan(3);
    expect(standardErrorsFromTruth(sim.plainEstimates, sim.truth)).toBeLessThan(3);
    expect(sim.coverage).toBeGreaterThanOrEqual(0.94);
    expect(sim.coverage).toBeLessThanOrEqual(0.96);
  });

  it("neither narrows nor widens materially, nor biases, with an unrelated pre-period", () => {
    const sim = simulate(22, 1000, 1000, false);
    expect(Math.abs(sim.narrowing)).toBeLessThan(0.01);
    expect(standardErrorsFromTruth(sim.cupedEstimates, sim.truth)).toBeLessThan(3);
  });
});
