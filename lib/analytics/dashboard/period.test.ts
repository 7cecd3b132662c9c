import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period.ts";

describe("parsePeriod", () => {
  // 03:30 UTC on 1 March 2026 is still 28 February in Los Angeles.
  const now = new Date("2026-03-01T03:30:00Z");

  it("ends the last N days today in the workspace zone, and compares with the N days before and a year earlier", () => {
    expect(parsePeriod({ period: "7" }, "America/Los_Angeles", now)).toEqual({
      preset: "7",
      from: "2026-02-22",
      to: "2026-02-28",
      days: 7,
      previous: { from: "2026-02-15", to: "2026-02-21" },
      lastYear: { from: "2025-02-22", to: "2025-02-28" },
      grain: "day",
    });
    expect(parsePeriod({}, "UTC", now)).toMatchObject({ preset: "30", from: "2026-01-31", to: "2026-03-01", days: 30 });
    expect(parsePeriod({ period: "365" }, "UTC", now)).toMatchObject({ from: "2025-03-02", to: "2026-03-01", grain: "week", previous: { from: "2024-03-02", to: "2025-03-01" } });
  });

  it("takes a custom range as given, with 29 February a year earlier as 28 February", () => {
    expect(parsePeriod({ period: "custom", from: "2024-02-01", to: "2024-02-29" }, "UTC", now)).toMatchObject({
      days: 29,
      previous: { from: "2024-01-03", to: "2024-01-31" },
      lastYear: { from: "2023-02-01", to: "2023-02-28" },
    });
  });

  it("refuses what it cannot read, naming the field", () => {
    const bad = (q: Record<string, string>) => () => parsePeriod(q, "UTC", now);
    expect(bad({ period: "31" })).toThrow(/one of 7, 30, 90, 365/);
    expect(bad({ period: "07" })).toThrow(/one of/);
    expect(bad({ period: "custom", from: "2026-02-30", to: "2026-03-01" })).toThrow(/first day \("from"\)/);
    expect(bad({ period: "custom", from: "2026-02-01" })).toThrow(/last day \("to"\)/);
    expect(bad({ period: "custom", from: "2026-02-10", to: "2026-02-01" })).toThrow(/before its first day/);
    expect(bad({ period: "custom", from: "2020-01-01", to: "2026-01-01" })).toThrow(/at most 1096 days/);
  });
});
