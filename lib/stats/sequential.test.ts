import { describe, expect, it } from "vitest";
import { armMoments, type ArmSums } from "./arm-sums.ts";
import { mixingVarianceFor, sequentialDifference, sequentialHalfWidth } from "./sequential.ts";
import { conversion, extendArm, Random, zeroInflatedLognormal, type Population } from "./testing/simulate-arms.ts";
import { welchDifference } from "./welch.ts";

const LOOKS = 30;
const empty: ArmSums = { n: 0, sumY: 0, sumY2: 0 };

/**
 * Experiments looked at every day for 30 days; returns the share in which the
 * sequential interval (and, for comparison, the fixed-horizon one) missed the
 * true difference at any look.
 */
function peek(seed: number, experiments: number, control: Population, treatment: Population, perArmPerDay: number) {
  const rng = new Random(seed);
  const truth = treatment.mean - control.mean;
  // Fixed at launch from the planned audience and the historical variance.
  const plannedVariance = (control.variance + treatment.variance) / (LOOKS * perArmPerDay);
  const mixingVariance = mixingVarianceFor(plannedVariance, 0.95);
  let sequentialMisses = 0;
  let fixedMisses = 0;
  for (let e = 0; e < experiments; e++) {
    let c = empty;
    let t = empty;
    let sequentialMissed = false;
    let fixedMissed = false;
    for (let day = 0; day < LOOKS; day++) {
      c = extendArm(rng, control, c, perArmPerDay);
      t = extendArm(rng, treatment, t, perArmPerDay);
      const mc = armMoments(c);
      const mt = armMoments(t);
      const s = sequentialDifference(mc, mt, { confidence: 0.95, mixingVariance });
      if (s.low > truth || s.high < truth) sequentialMissed = true;
      const f = welchDifference(mc, mt, 0.95);
      if (f.low > truth || f.high < truth) fixedMissed = true;
    }
    if (sequentialMissed) sequentialMisses++;
    if (fixedMissed) fixedMisses++;
  }
  return { sequential: sequentialMisses / experiments, fixed: fixedMisses / experiments };
}

describe("sequential interval under daily peeking (30 looks)", () => {
  it("excludes zero in at most 5% of no-effect revenue experiments, where peeking at fixed intervals does far more", () => {
    const revenue = zeroInflatedLognormal(0.3, 3, 1.2);
    const rates = peek(31, 1500, revenue, revenue, 50);
    expect(rates.sequential).toBeLessThanOrEqual(0.05);
    expect(rates.fixed).toBeGreaterThan(0.1);
  });

  it("excludes zero in at most 5% of no-effect conversion experiments", () => {
    const rates = peek(32, 1500, conversion(0.1), conversion(0.1), 50);
    expect(rates.sequential).toBeLessThanOrEqual(0.05);
    expect(rates.fixed).toBeGreaterThan(0.1);
  });

  it("holds the true difference at every look in at least 95% of experiments with an effect", () => {
    const rates = peek(33, 1000, zeroInflatedLognormal(0.3, 3, 1.2), zeroInflatedLognormal(0.3, 3, 1.2, 1.15), 50);
    expect(rates.sequential).toBeLessThanOrEqual(0.05);
  });
});

describe("mixing variance", () => {
  it("makes the interval narrowest at the planned variance", () => {
    const planned = 4;
    const tau2 = mixingVarianceFor(planned, 0.95);
    const best = sequentialHalfWidth(planned, tau2, 0.05);
    expect(sequentialHalfWidth(planned, tau2 * 1.5, 0.05)).toBeGreaterThan(best);
    expect(sequentialHalfWidth(planned, tau2 / 1.5, 0.05)).toBeGreaterThan(best);
    // The price of always-valid: wider than the fixed z interval at the planned horizon, by a bounded factor.
    const fixed = 1.959963985 * Math.sqrt(planned);
    expect(best / fixed).toBeGreaterThan(1);
    expect(best / fixed).toBeLessThan(1.6); // 1.55 at α = 0.05
  });

  it("scales with the planned variance (the interval is invariant to the metric's units)", () => {
    expect(mixingVarianceFor(100, 0.95) / mixingVarianceFor(1, 0.95)).toBeCloseTo(100, 6);
  });
});
