import { describe, expect, it } from "vitest";
import { readRecommendationSettings } from "./recommendation-settings.schema.ts";
import { reasonText } from "./reason-text.ts";

describe("reasonText", () => {
  it("says what the offer comes from, as a whole percentage", () => {
    expect(reasonText({ kind: "bought_with", because: "Trail Jacket", share: 0.2349 })).toBe("Bought with Trail Jacket in 23% of its orders");
    expect(reasonText({ kind: "buy_again", because: "Wool Socks", share: 0.415 })).toBe("Bought again by 42% of its buyers");
    expect(reasonText({ kind: "bought_with", because: "Map", share: 0.003 })).toBe("Bought with Map in under 1% of its orders");
    expect(reasonText({ kind: "popular", because: null, share: null })).toBe("Popular with recent buyers");
  });
});

describe("readRecommendationSettings", () => {
  it("uses the defaults, keeps each valid setting, and drops each invalid one on its own", () => {
    expect(readRecommendationSettings({})).toEqual({ halfLifeDays: 180, minSupport: 3, topN: 20, repeatPurchaseRate: 0.25 });
    expect(readRecommendationSettings({ recommendations: { halfLifeDays: 90, minSupport: 0, topN: "x" } })).toEqual({
      halfLifeDays: 90,
      minSupport: 3,
      topN: 20,
      repeatPurchaseRate: 0.25,
    });
    expect(readRecommendationSettings(null)).toEqual({ halfLifeDays: 180, minSupport: 3, topN: 20, repeatPurchaseRate: 0.25 });
  });
});
