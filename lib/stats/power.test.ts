import { describe, expect, it } from "vitest";
import { armMoments } from "./arm-sums.ts";
import { historyFromSums, minimumDetectableEffect } from "./power.ts";
import { armSumsFromArrays } from "./arm-sums.ts";
import { drawArm, Random, zeroInflatedLognormal, type Population } from "./testing/simulate-arms.ts";
import { welchDifference } from "./welch.ts";

describe("minimumDetectableEffect", () => {
  it("agrees with Cohen's table: d = 0.2 at α = 0.05 and 80% power needs 393 per group", () => {
    const at = (perGroup: number) =>
      minimumDetectableEffect({ audience: 2 * perGroup, controlShare: 0.5, historicalMean: 10, historicalSd: 1 }).absolute;
    expect(at(393)).toBeLessThan(0.2);
    expect(at(392)).toBeGreaterThan(0.2);
  });

  it("grows as the control share moves away from half, and reports the relative lift", () => {
    const base = { audience: 100_000, historicalMean: 40, historicalSd: 120 };
    const half = minimumDetectableEffect({ ...base, controlShare: 0.5 });
    const tenth = minimumDetectableEffect({ ...base, controlShare: 0.1 });
    // √(1/10k + 1/90k) / √(1/50k + 1/50k) = 5/3
    expect(tenth.absolute / half.absolute).toBeCloseTo(5 / 3, 10);
    expect(tenth.relative).toBeCloseTo(tenth.absolute / 40, 12);
    expect(tenth).toMatchObject({ controlCustomers: 10_000, treatedCustomers: 90_000 });
  });

  it("is detected about 80% of the time when the true lift equals it (simulated, heavy-tailed revenue)", () => {
    const revenue = zeroInflatedLognormal(0.3, 3, 1);
    const audience = 5000;
    const mde = minimumDetectableEffect({
      audience,
      controlShare: 0.2,
      historicalMean: revenue.mean,
      historicalSd: Math.sqrt(revenue.variance),
    });
    // The treatment adds the MDE to every customer's revenue: same spread, mean up by exactly the MDE.
    const treated: Population = { draw: (rng) => revenue.draw(rng) + mde.absolute, mean: revenue.mean + mde.absolute, variance: revenue.variance };
    const rng = new Random(41);
    const experiments = 1500;
    let detected = 0;
    for (let e = 0; e < experiments; e++) {
      const r = welchDifference(armMoments(drawArm(rng, revenue, 1000)), armMoments(drawArm(rng, treated, 4000)), 0.95);
      if (r.pValue < 0.05) detected++;
    }
    expect(detected / experiments).toBeGreaterThan(0.77);
    expect(detected / experiments).toBeLessThan(0.83);
  });

  it("takes the segment's history from its revenue sums", () => {
    expect(historyFromSums(armSumsFromArrays([0, 0, 10, 30]))).toEqual({ historicalMean: 10, historicalSd: Math.sqrt(200) });
  });

  it("refuses a split that leaves an arm empty", () => {
    expect(() => minimumDetectableEffect({ audience: 100, controlShare: 1, historicalMean: 1, historicalSd: 1 })).toThrow(/control share/);
  });
});
