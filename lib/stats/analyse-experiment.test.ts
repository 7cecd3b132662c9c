import { describe, expect, it } from "vitest";
import { analyseExperiment } from "./analyse-experiment.ts";
import { armSumsFromArrays } from "./arm-sums.ts";

const options = { metric: "revenue", control: "control", confidence: 0.95, expectedSplit: null };

describe("analyseExperiment", () => {
  it("puts the control first and compares every other arm with it", () => {
    const result = analyseExperiment(
      [
        { arm: "b", sums: armSumsFromArrays([3, 5, 7]) },
        { arm: "control", sums: armSumsFromArrays([1, 2, 3]) },
        { arm: "a", sums: armSumsFromArrays([2, 2, 5]) },
      ],
      options,
    );
    expect(result.arms.map((a) => [a.arm, a.n, a.mean, a.sd])).toEqual([
      ["control", 3, 2, 1],
      ["b", 3, 5, 2],
      ["a", 3, 3, Math.sqrt(3)],
    ]);
    expect(result.comparisons.map((c) => [c.arm, c.difference.estimate, c.incrementalTotal.estimate])).toEqual([
      ["b", 3, 9],
      ["a", 1, 3],
    ]);
    expect(result.comparisons[0]!.relative!.estimate).toBeCloseTo(1.5, 12);
    expect(result.sampleRatio).toMatchObject({ pValue: 1, degreesOfFreedom: 2 });
    expect(result.warnings).toEqual([]);
  });

  it("gives no relative lift over a control that spent nothing, and says so", () => {
    const result = analyseExperiment(
      [
        { arm: "control", sums: armSumsFromArrays([0, 0, 0, 0]) },
        { arm: "treatment", sums: armSumsFromArrays([0, 5, 0, 1]) },
      ],
      options,
    );
    expect(result.comparisons[0]!.relative).toBeNull();
    expect(result.warnings).toEqual(['arm "treatment": no relative lift, the control mean is not positive']);
  });

  it("refuses a split that leaves an arm out, and an experiment without its control", () => {
    const arms = [
      { arm: "control", sums: armSumsFromArrays([1, 2]) },
      { arm: "treatment", sums: armSumsFromArrays([1, 2]) },
    ];
    expect(() => analyseExperiment(arms, { ...options, expectedSplit: new Map([["control", 1]]) })).toThrow(/no share for arm "treatment"/);
    expect(() => analyseExperiment(arms, { ...options, control: "holdout" })).toThrow(/no arm is the control "holdout"/);
  });
});
