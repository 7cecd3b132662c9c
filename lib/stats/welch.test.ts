import { describe, expect, it } from "vitest";
import { armMoments, armSumsFromArrays, type ArmMoments } from "./arm-sums.ts";
import { normalQuantile } from "./distributions/normal.ts";
import { studentTQuantile } from "./distributions/student-t.ts";
import { conversion, drawArm, normal, Random, zeroInflatedLognormal, type Population } from "./testing/simulate-arms.ts";
import { welchDifference } from "./welch.ts";

// R's sleep data (Cushny & Peebles): extra hours of sleep under two drugs.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** The textbook computation from the raw values: two-pass means and variances. */
function textbookWelch(a: number[], b: number[]) {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const variance = (v: number[]) => v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1);
  const qa = variance(a) / a.length;
  const qb = variance(b) / b.length;
  const se = Math.sqrt(qa + qb);
  const df = (qa + qb) ** 2 / (qa ** 2 / (a.length - 1) + qb ** 2 / (b.length - 1));
  return { estimate: mean(b) - mean(a), se, df };
}

describe("welchDifference", () => {
  it("reproduces R's t.test(extra ~ group, data = sleep)", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832 (group 1 − group 2)
    const r = welchDifference(armMoments(armSumsFromArrays(drug2)), armMoments(armSumsFromArrays(drug1)), 0.95);
    expect(r.estimate).toBeCloseTo(-1.58, 12);
    expect(r.estimate / r.standardError).toBeCloseTo(-1.8608, 4);
    expect(r.degreesOfFreedom).toBeCloseTo(17.776, 3);
    expect(r.pValue).toBeCloseTo(0.07939, 5);
    expect(r.low).toBeCloseTo(-3.3654832, 6);
    expect(r.high).toBeCloseTo(0.2054832, 6);
  });

  it("agrees with the textbook computation on raw values, at any confidence", () => {
    const book = textbookWelch(drug2, drug1);
    for (const confidence of [0.8, 0.9, 0.99]) {
      const r = welchDifference(armMoments(armSumsFromArrays(drug2)), armMoments(armSumsFromArrays(drug1)), confidence);
      const half = studentTQuantile(1 - (1 - confidence) / 2, book.df) * book.se;
      expect(r.low).toBeCloseTo(book.estimate - half, 12);
      expect(r.high).toBeCloseTo(book.estimate + half, 12);
    }
  });

  it("gives a point interval for constant arms and refuses an arm of one", () => {
    const constant = (value: number, n: number): ArmMoments => ({ n, mean: value, variance: 0 });
    expect(welchDifference(constant(2, 5), constant(3, 5), 0.95)).toMatchObject({ estimate: 1, low: 1, high: 1, pValue: 0 });
    expect(() => welchDifference(constant(2, 1), constant(3, 5), 0.95)).toThrow(/at least 2/);
  });
});

type IntervalRule = (control: ArmMoments, treatment: ArmMoments) => { low: number; high: number };

/** Share of `experiments` simulated experiments whose interval covers the true difference. */
function coverage(seed: number, experiments: number, arms: { control: [Population, number]; treatment: [Population, number] }, rules: IntervalRule[]): number[] {
  const rng = new Random(seed);
  const truth = arms.treatment[0].mean - arms.control[0].mean;
  const covered = rules.map(() => 0);
  for (let e = 0; e < experiments; e++) {
    const control = armMoments(drawArm(rng, arms.control[0], arms.control[1]));
    const treatment = armMoments(drawArm(rng, arms.treatment[0], arms.treatment[1]));
    rules.forEach((rule, i) => {
      const { low, high } = rule(control, treatment);
      if (low <= truth && truth <= high) covered[i]!++;
    });
  }
  return covered.map((c) => c / experiments);
}

const welch95: IntervalRule = (c, t) => welchDifference(c, t, 0.95);
// Two wrong intervals the coverage check must tell apart from Welch's.
const zInterval: IntervalRule = (c, t) => {
  const se = Math.sqrt(c.variance / c.n + t.variance / t.n);
  const d = t.mean - c.mean;
  return { low: d - normalQuantile(0.975) * se, high: d + normalQuantile(0.975) * se };
};
const pooledStudent: IntervalRule = (c, t) => {
  const df = c.n + t.n - 2;
  const pooled = ((c.n - 1) * c.variance + (t.n - 1) * t.variance) / df;
  const se = Math.sqrt(pooled * (1 / c.n + 1 / t.n));
  const d = t.mean - c.mean;
  return { low: d - studentTQuantile(0.975, df) * se, high: d + studentTQuantile(0.975, df) * se };
};

describe("Welch interval coverage (simulated experiments with known effects)", () => {
  it("covers 94–96% with small, unequal arms of unequal variance, where z and pooled-variance intervals do not", () => {
    const [welch, z, pooled] = coverage(11, 4000, { control: [normal(10, 4), 8], treatment: [normal(11, 1), 30] }, [welch95, zInterval, pooledStudent]);
    expect(welch).toBeGreaterThanOrEqual(0.94);
    expect(welch).toBeLessThanOrEqual(0.96);
    expect(z).toBeLessThan(0.94);
    expect(pooled).toBeLessThan(0.94);
  });

  it("covers 94–96% for conversion (Bernoulli), 10% vs 12%", () => {
    const [welch] = coverage(12, 4000, { control: [conversion(0.1), 1500], treatment: [conversion(0.12), 1500] }, [welch95]);
    expect(welch).toBeGreaterThanOrEqual(0.94);
    expect(welch).toBeLessThanOrEqual(0.96);
  });

  it("covers 94–96% for heavy-tailed revenue (30% buy, lognormal spend), +10% lift", () => {
    const control = zeroInflatedLognormal(0.3, 3, 1.2);
    const treatment = zeroInflatedLognormal(0.3, 3, 1.2, 1.1);
    const [welch] = coverage(13, 3000, { control: [control, 2000], treatment: [treatment, 2000] }, [welch95]);
    expect(welch).toBeGreaterThanOrEqual(0.94);
    expect(welch).toBeLessThanOrEqual(0.96);
  });
});
