import { describe, expect, it } from "vitest";
import { describeCondition } from "./describe-rule.ts";

describe("next purchase rules in words", () => {
  const options = { currency: "USD" };
  it("reads the purchase probability and overdue rules as a marketer would write them", () => {
    expect(describeCondition({ id: "a", type: "metric", metric: "purchaseProbability30d", match: { op: "gte", value: 0.5 } }, options)).toBe(
      "Probability of buying in the next 30 days at least 50%",
    );
    expect(describeCondition({ id: "b", type: "metric", metric: "nextPurchaseOverdueDays", match: { op: "gte", value: 14 } }, options)).toBe(
      "Overdue for the next purchase by at least 14 days",
    );
  });
});
