import { describe, expect, it } from "vitest";
import { armMoments } from "./arm-sums.ts";
import { relativeLift } from "./delta-method.ts";
import { conversion, drawArm, Random } from "./testing/simulate-arms.ts";

describe("relativeLift", () => {
  it("is the ratio of means minus one, null without a positive control mean", () => {
    const lift = relativeLift({ n: 100, mean: 10, variance: 4 }, { n: 100, mean: 12, variance: 9 }, 0.95)!;
    expect(lift.estimate).toBeCloseTo(0.2, 12);
    expect(lift.low).toBeLessThan(0.2);
    expect(relativeLift({ n: 100, mean: 0, variance: 0 }, { n: 100, mean: 1, variance: 1 }, 0.95)).toBeNull();
  });

  it("covers the true relative lift 94–96% of the time (simulated conversion, 10% vs 11.5%)", () => {
    const control = conversion(0.1);
    const treatment = conversion(0.115);
    const truth = 0.115 / 0.1 - 1;
    const rng = new Random(51);
    const experiments = 2000;
    let covered = 0;
    for (let e = 0; e < experiments; e++) {
      const lift = relativeLift(armMoments(drawArm(rng, control, 3000)), armMoments(drawArm(rng, treatment, 3000)), 0.95)!;
      if (lift.low <= truth && truth <= lift.high) covered++;
    }
    expect(covered / experiments).toBeGreaterThanOrEqual(0.94);
    expect(covered / experiments).toBeLessThanOrEqual(0.96);
  });
});
