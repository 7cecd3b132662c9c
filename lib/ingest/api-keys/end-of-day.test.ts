import { describe, expect, it } from "vitest";
import { endOfDayInZone } from "./end-of-day.ts";

describe("endOfDayInZone", () => {
  it("is the last millisecond of that day on the workspace's wall clock", () => {
    expect(endOfDayInZone("2026-06-30", "UTC").toISOString()).toBe("2026-06-30T23:59:59.999Z");
    expect(endOfDayInZone("2026-06-30", "Europe/Paris").toISOString()).toBe("2026-06-30T21:59:59.999Z");
    expect(endOfDayInZone("2026-01-15", "America/New_York").toISOString()).toBe("2026-01-16T04:59:59.999Z");
  });

  it("follows daylight saving when the next day starts at a different offset", () => {
    // Paris moves to summer time in the night of 28/29 March 2026: the 28th still ends at +01:00.
    expect(endOfDayInZone("2026-03-28", "Europe/Paris").toISOString()).toBe("2026-03-28T22:59:59.999Z");
    expect(endOfDayInZone("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-29T21:59:59.999Z");
  });
});
