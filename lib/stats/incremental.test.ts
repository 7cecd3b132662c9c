import { describe, expect, it } from "vitest";
import { incrementalRoi, incrementalTotal } from "./incremental.ts";

describe("incremental totals and ROI", () => {
  it("scales the per-customer difference and its interval by the treated customers", () => {
    const total = incrementalTotal({ estimate: 0.5, low: -0.1, high: 1.1 }, 90_000);
    expect(total.estimate).toBeCloseTo(45_000, 8);
    expect(total.low).toBeCloseTo(-9_000, 8);
    expect(total.high).toBeCloseTo(99_000, 8);
  });

  it("nets the margin on incremental revenue against the message cost", () => {
    // 10,000 of incremental revenue at 40% margin = 4,000 of profit; 100,000 messages at 0.01 = 1,000
    const roi = incrementalRoi({
      incrementalRevenue: { estimate: 10_000, low: 4_000, high: 16_000 },
      grossMarginPercent: 40,
      costPerMessage: 0.01,
      messagesSent: 100_000,
    })!;
    expect(roi.estimate).toBeCloseTo(3, 12);
    expect(roi.low).toBeCloseTo(0.6, 12);
    expect(roi.high).toBeCloseTo(5.4, 12);
    // Break-even: the margin just pays for the messages.
    const even = incrementalRoi({ incrementalRevenue: { estimate: 2_500, low: 0, high: 5_000 }, grossMarginPercent: 40, costPerMessage: 0.01, messagesSent: 100_000 })!;
    expect(even.estimate).toBeCloseTo(0, 12);
    expect(even.low).toBeCloseTo(-1, 12);
  });

  it("has no ROI without a cost, and refuses a margin outside 0–100%", () => {
    const revenue = { estimate: 1, low: 0, high: 2 };
    expect(incrementalRoi({ incrementalRevenue: revenue, grossMarginPercent: 40, costPerMessage: 0, messagesSent: 10 })).toBeNull();
    expect(() => incrementalRoi({ incrementalRevenue: revenue, grossMarginPercent: 140, costPerMessage: 1, messagesSent: 10 })).toThrow(/margin/);
  });
});
