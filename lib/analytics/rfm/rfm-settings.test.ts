import { describe, expect, it } from "vitest";
import { DEFAULT_RFM_SEGMENT_RULES, RFM_SEGMENT_NAMES, readRfmSettings, rfmSettingsSchema } from "./rfm-settings.schema.ts";
import { cellIndex, fmScore, gridProblems, segmentGrid } from "./segment-grid.ts";

// The grid as docs/rfm.md prints it, typed out independently of the rules.
const DOCUMENTED_GRID: Record<number, string[]> = {
  5: ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
  4: ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"],
  3: ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
  2: ["Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose them"],
  1: ["Lost", "Lost", "At risk", "At risk", "Cannot lose them"],
};

describe("default RFM segment map", () => {
  it("covers every (R, FM) cell exactly once", () => {
    expect(gridProblems(DEFAULT_RFM_SEGMENT_RULES)).toEqual([]);
    const cells = DEFAULT_RFM_SEGMENT_RULES.reduce((n, rule) => n + (rule.r[1] - rule.r[0] + 1) * (rule.fm[1] - rule.fm[0] + 1), 0);
    expect(cells).toBe(25);
  });

  it("uses each of the eleven named segments", () => {
    expect(new Set(segmentGrid(DEFAULT_RFM_SEGMENT_RULES))).toEqual(new Set(RFM_SEGMENT_NAMES));
  });

  it("matches the documented grid cell by cell", () => {
    const grid = segmentGrid(DEFAULT_RFM_SEGMENT_RULES);
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) expect(grid[cellIndex(r, fm)], `R${r} FM${fm}`).toBe(DOCUMENTED_GRID[r]?.[fm - 1]);
    }
  });
});

describe("rfm settings schema", () => {
  it("fills in the default map for a workspace without RFM settings", () => {
    const settings = readRfmSettings({ somethingElse: true });
    expect(settings.secondAxis).toBe("frequency-monetary");
    expect(segmentGrid(settings.segments)).toEqual(segmentGrid(DEFAULT_RFM_SEGMENT_RULES));
    expect(readRfmSettings(null).segments).toHaveLength(DEFAULT_RFM_SEGMENT_RULES.length);
  });

  it("accepts an admin's own map that tiles the grid", () => {
    const settings = readRfmSettings({
      rfm: {
        secondAxis: "frequency",
        segments: [
          { segment: "Active", r: [3, 5], fm: [1, 5] },
          { segment: "Lapsing", r: [1, 2], fm: [1, 5] },
        ],
      },
    });
    expect(settings.secondAxis).toBe("frequency");
    expect(segmentGrid(settings.segments).filter((s) => s === "Active")).toHaveLength(15);
  });

  it("rejects a map with a gap, naming the uncovered cell", () => {
    const result = rfmSettingsSchema.safeParse({ segments: [{ segment: "Most", r: [1, 5], fm: [1, 4] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("R1/FM5 uncovered");
  });

  it("rejects overlapping rules, naming both segments", () => {
    const result = rfmSettingsSchema.safeParse({
      segments: [
        { segment: "All", r: [1, 5], fm: [1, 5] },
        { segment: "Stars", r: [5, 5], fm: [5, 5] },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("R5/FM5 claimed by All and Stars");
  });

  it("rejects scores outside 1..5 and reversed ranges", () => {
    expect(rfmSettingsSchema.safeParse({ segments: [{ segment: "X", r: [0, 5], fm: [1, 5] }] }).success).toBe(false);
    expect(rfmSettingsSchema.safeParse({ segments: [{ segment: "X", r: [5, 1], fm: [1, 5] }] }).success).toBe(false);
  });
});

describe("fmScore", () => {
  it("rounds the mean of F and M half up, or uses F alone", () => {
    expect(fmScore("frequency-monetary", 4, 5)).toBe(5);
    expect(fmScore("frequency-monetary", 1, 2)).toBe(2);
    expect(fmScore("frequency-monetary", 3, 3)).toBe(3);
    expect(fmScore("frequency-monetary", 1, 5)).toBe(3);
    expect(fmScore("frequency", 1, 5)).toBe(1);
  });
});
