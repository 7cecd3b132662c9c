import { describe, expect, it } from "vitest";
import { analyticsSettingsInputSchema } from "./analytics-settings-input.schema.ts";
import { fieldForPath, plainFieldMessage } from "./analytics-settings-messages.ts";

/** What the form would show for an input: field → message, through the real schema. */
function shown(input: unknown): Record<string, string> {
  const r = analyticsSettingsInputSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) {
    const path = i.path.join(".");
    out[fieldForPath(path)] ??= plainFieldMessage(path, i.message);
  }
  return out;
}

describe("analytics settings errors in plain words", () => {
  it("names the field and what it accepts, without schema jargon", () => {
    const errors = shown({
      analytics: { schedule: { time: "25:00" }, clv: { annualDiscountRate: 3, churnRiskBands: { lowAtLeast: 1, mediumAtLeast: 0.3 } }, runHistory: { rfmSnapshotRuns: 1 } },
      rfm: {},
    });
    expect(errors).toEqual({
      "analytics.schedule.time": "Use 24-hour HH:MM, e.g. 02:00.",
      "analytics.clv.annualDiscountRate": "Enter a yearly discount rate from 0% to 100%.",
      "analytics.clv.churnRiskBands.lowAtLeast": "Enter a P(alive) threshold above 0% and below 100%.",
      "analytics.runHistory.rfmSnapshotRuns": "Keep at least 2 runs: the RFM page compares the last two.",
    });
    for (const m of Object.values(errors)) expect(m).not.toMatch(/expected|Too (small|big)|Invalid/);
  });

  it("puts the band order error beside the medium threshold and a grid gap under the segments", () => {
    const errors = shown({
      analytics: { clv: { churnRiskBands: { lowAtLeast: 0.3, mediumAtLeast: 0.6 } } },
      rfm: { segments: [{ segment: "All but one", r: [1, 5], fm: [1, 4] }] },
    });
    expect(errors["analytics.clv.churnRiskBands.mediumAtLeast"]).toBe("The medium threshold must be below the low threshold.");
    expect(errors["rfm.segments"]).toMatch(/^Every \(R, FM\) cell must belong to exactly one segment/);
  });

  it("explains an empty segment name and an upside-down score range on their row", () => {
    const errors = shown({ analytics: {}, rfm: { segments: [{ segment: " ", r: [4, 2], fm: [1, 9] }] } });
    expect(errors["rfm.segments.0.segment"]).toBe("Give the segment a name of 1 to 60 characters.");
    expect(errors["rfm.segments.0.r"]).toBe("The range's first score must not exceed its second.");
    expect(errors["rfm.segments.0.fm"]).toBe("Scores run from 1 to 5, and the first must not be above the second.");
  });
});
