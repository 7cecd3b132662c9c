import { describe, expect, it } from "vitest";
import { sampleRatioCheck } from "./sample-ratio.ts";

describe("sampleRatioCheck", () => {
  it("flags the published mismatch: 821,588 vs 815,482 on a 50/50 split, p ≈ 1.8e-6", () => {
    // Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 3.
    const check = sampleRatioCheck([821_588, 815_482], [0.5, 0.5]);
    expect(check.pValue).toBeGreaterThan(1.75e-6);
    expect(check.pValue).toBeLessThan(1.85e-6);
    expect(check.mismatch).toBe(true);
  });

  it("computes Pearson's statistic against the configured split, with weights in any scale", () => {
    // Three equal arms: χ² = 0 + 4 + 4 = 8 on 2 df, p = e^(−4)
    const three = sampleRatioCheck([100, 120, 80], [1, 1, 1]);
    expect(three.chiSquare).toBeCloseTo(8, 12);
    expect(three.degreesOfFreedom).toBe(2);
    expect(three.pValue).toBeCloseTo(Math.exp(-4), 12);
    expect(three.mismatch).toBe(false);
    expect(sampleRatioCheck([1000, 9000], [0.1, 0.9])).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
    expect(sampleRatioCheck([1000, 9000], [1, 9]).pValue).toBe(1);
    // The same counts against an equal split are a glaring mismatch.
    expect(sampleRatioCheck([1000, 9000], [1, 1]).mismatch).toBe(true);
  });

  it("refuses a split that does not match the arms", () => {
    expect(() => sampleRatioCheck([10, 20], [1])).toThrow(/one expected share per arm/);
    expect(() => sampleRatioCheck([10, 20], [1, 0])).toThrow(/positive/);
  });
});
