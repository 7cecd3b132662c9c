import { describe, expect, it } from "vitest";
import { analyticsSettingsSchema, readAnalyticsSettings, readRunHistorySettings } from "./analytics-settings.schema.ts";

describe("analytics settings", () => {
  it("defaults to a 02:00 nightly run, BG/NBD in weeks, 10% a year, bands at 0.7 / 0.3", () => {
    expect(readAnalyticsSettings({})).toEqual({
      schedule: { enabled: true, time: "02:00" },
      clv: { model: "bg-nbd", timeUnit: "weeks", annualDiscountRate: 0.1, churnRiskBands: { lowAtLeast: 0.7, mediumAtLeast: 0.3 } },
      runHistory: { rfmSnapshotRuns: 3 },
    });
  });

  it("keeps RFM snapshots of 2 to 24 runs, whole numbers only, and names the rule when refused", () => {
    expect(readRunHistorySettings({ analytics: { runHistory: { rfmSnapshotRuns: 24 } } })).toEqual({ rfmSnapshotRuns: 24 });
    expect(readRunHistorySettings({ analytics: { clv: { model: "not read here" } } })).toEqual({ rfmSnapshotRuns: 3 });
    const tooFew = analyticsSettingsSchema.safeParse({ runHistory: { rfmSnapshotRuns: 1 } });
    expect(tooFew.error?.issues[0]).toMatchObject({ path: ["runHistory", "rfmSnapshotRuns"], message: expect.stringMatching(/at least 2 runs/) });
    expect(analyticsSettingsSchema.safeParse({ runHistory: { rfmSnapshotRuns: 25 } }).success).toBe(false);
    expect(analyticsSettingsSchema.safeParse({ runHistory: { rfmSnapshotRuns: 2.5 } }).success).toBe(false);
  });

  it("keeps what a workspace set and fills in the rest", () => {
    const settings = readAnalyticsSettings({ analytics: { schedule: { time: "23:30" }, clv: { model: "pareto-nbd" } }, rfm: {} });
    expect(settings.schedule).toEqual({ enabled: true, time: "23:30" });
    expect(settings.clv.model).toBe("pareto-nbd");
    expect(settings.clv.timeUnit).toBe("weeks");
  });

  it("rejects an impossible time, an unknown model and inverted bands", () => {
    expect(analyticsSettingsSchema.safeParse({ schedule: { time: "24:00" } }).success).toBe(false);
    expect(analyticsSettingsSchema.safeParse({ schedule: { time: "2:00" } }).success).toBe(false);
    expect(analyticsSettingsSchema.safeParse({ clv: { model: "bg-bb" } }).success).toBe(false);
    expect(analyticsSettingsSchema.safeParse({ clv: { churnRiskBands: { lowAtLeast: 0.3, mediumAtLeast: 0.6 } } }).success).toBe(false);
  });
});
