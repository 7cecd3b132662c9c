import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format.ts";

describe("formatDateTime", () => {
  it("counts hours 00–23, so nine minutes past midnight is 00:09, not 24:09", () => {
    expect(formatDateTime(new Date("2026-01-01T00:09:00Z"), "UTC")).toBe("2026-01-01, 00:09");
    expect(formatDateTime(new Date("2026-01-01T23:59:00Z"), "UTC")).toBe("2026-01-01, 23:59");
  });

  it("reads the instant in the workspace's zone, across a daylight-saving change", () => {
    // New York moves from EST (-5) to EDT (-4) at 2026-03-08 07:00 UTC.
    expect(formatDateTime(new Date("2026-03-08T06:30:00Z"), "America/New_York")).toBe("2026-03-08, 01:30");
    expect(formatDateTime(new Date("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08, 03:30");
    expect(formatDate(new Date("2026-03-08T04:30:00Z"), "America/New_York")).toBe("2026-03-07");
  });
});
