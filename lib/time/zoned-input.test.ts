import { describe, expect, it } from "vitest";
import { instantToWallTime, wallTimeToInstant } from "./zoned-input.ts";

describe("wallTimeToInstant", () => {
  it("reads a wall-clock time in the given zone, winter and summer", () => {
    expect(wallTimeToInstant("2026-01-15T09:00", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(wallTimeToInstant("2026-07-15T09:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(wallTimeToInstant("2026-07-15T09:00", "America/New_York")?.toISOString()).toBe("2026-07-15T13:00:00.000Z");
    expect(wallTimeToInstant("2026-07-15T09:00", "UTC")?.toISOString()).toBe("2026-07-15T09:00:00.000Z");
    expect(wallTimeToInstant("2026-07-15T09:00", "Asia/Kolkata")?.toISOString()).toBe("2026-07-15T03:30:00.000Z");
  });

  it("moves a time skipped by the spring jump forward by the gap, and takes the later of a repeated hour", () => {
    // Berlin: 2026-03-29 02:00 → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    expect(wallTimeToInstant("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(wallTimeToInstant("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T01:30:00.000Z");
  });

  it("refuses text that is not a date-time, and dates that do not exist", () => {
    for (const value of ["", "2026-02-30T10:00", "2026-01-01T24:00", "2026-01-01 10:00", "tomorrow"]) expect(wallTimeToInstant(value, "UTC"), value).toBeNull();
  });
});

describe("instantToWallTime", () => {
  it("shows an instant as the zone's wall clock, and round-trips", () => {
    expect(instantToWallTime("2026-07-15T07:00:00.000Z", "Europe/Berlin")).toBe("2026-07-15T09:00");
    expect(instantToWallTime(new Date("2026-01-15T23:30:00Z"), "Asia/Tokyo")).toBe("2026-01-16T08:30");
    for (const wall of ["2026-01-15T09:00", "2026-07-15T18:45", "2026-12-31T23:59"]) {
      expect(instantToWallTime(wallTimeToInstant(wall, "America/Los_Angeles")!, "America/Los_Angeles")).toBe(wall);
    }
  });
});
