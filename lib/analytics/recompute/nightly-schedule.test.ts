import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNightlyRecomputeDue, latestSlotAtOrBefore, zonedInstant } from "./nightly-schedule.ts";

const at = (iso: string) => new Date(iso);
const on = { enabled: true, time: "02:00" };

describe("latestSlotAtOrBefore", () => {
  it("is today's 02:00 UTC once the clock passed it, yesterday's before", () => {
    expect(latestSlotAtOrBefore(at("2026-03-10T02:00:00Z"), "UTC", "02:00")).toEqual(at("2026-03-10T02:00:00Z"));
    expect(latestSlotAtOrBefore(at("2026-03-10T01:59:00Z"), "UTC", "02:00")).toEqual(at("2026-03-09T02:00:00Z"));
    expect(latestSlotAtOrBefore(at("2026-03-01T01:00:00Z"), "UTC", "02:00")).toEqual(at("2026-02-28T02:00:00Z"));
  });

  it("follows New York's offset in winter (UTC-5) and summer (UTC-4)", () => {
    expect(latestSlotAtOrBefore(at("2026-01-15T12:00:00Z"), "America/New_York", "02:00")).toEqual(at("2026-01-15T07:00:00Z"));
    expect(latestSlotAtOrBefore(at("2026-07-15T12:00:00Z"), "America/New_York", "02:00")).toEqual(at("2026-07-15T06:00:00Z"));
    // 01:59 local on the 15th: the slot is still the 14th's.
    expect(latestSlotAtOrBefore(at("2026-01-15T06:59:00Z"), "America/New_York", "02:00")).toEqual(at("2026-01-14T07:00:00Z"));
  });

  it("handles half-hour zones", () => {
    expect(latestSlotAtOrBefore(at("2026-01-15T00:00:00Z"), "Asia/Kolkata", "02:00")).toEqual(at("2026-01-14T20:30:00Z"));
  });
});

describe("zonedInstant across daylight-saving changes", () => {
  it("a wall time skipped by spring-forward moves forward by the gap (02:00 → 03:00 EDT)", () => {
    // 2026-03-08: New York clocks go from 01:59:59 EST to 03:00 EDT.
    expect(zonedInstant(2026, 3, 8, 2, 0, "America/New_York")).toEqual(at("2026-03-08T07:00:00Z"));
    expect(zonedInstant(2026, 3, 8, 2, 30, "America/New_York")).toEqual(at("2026-03-08T07:30:00Z"));
  });

  it("a wall time repeated by fall-back maps to its first occurrence", () => {
    // 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(zonedInstant(2026, 11, 1, 1, 30, "America/New_York")).toEqual(at("2026-11-01T05:30:00Z"));
    expect(zonedInstant(2026, 11, 1, 2, 0, "America/New_York")).toEqual(at("2026-11-01T07:00:00Z"));
  });

  it("for any instant and zone, the slot is at most a day (+1h of DST) before now and reads the requested time", () => {
    const zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "America/Sao_Paulo"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (nowMs, zone, hour, minute) => {
          const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
          const slot = latestSlotAtOrBefore(new Date(nowMs), zone, time);
          expect(slot.getTime()).toBeLessThanOrEqual(nowMs);
          expect(nowMs - slot.getTime()).toBeLessThan(25 * 3600 * 1000);
          const local = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(slot);
          // Either the clock read the requested time, or that time did not exist that night (DST gap, clock jumped an hour).
          const [lh, lm] = local.split(":").map(Number);
          const diffMinutes = ((lh ?? 0) * 60 + (lm ?? 0) - (hour * 60 + minute) + 1440) % 1440;
          expect([0, 60]).toContain(diffMinutes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("isNightlyRecomputeDue", () => {
  const now = at("2026-01-15T07:20:00Z"); // 02:20 in New York
  const base = { now, timeZone: "America/New_York", schedule: on };

  it("is due when no run was ever made", () => {
    expect(isNightlyRecomputeDue({ ...base, lastRunCreatedAt: null })).toBe(true);
  });

  it("is due when the last run predates tonight's slot", () => {
    expect(isNightlyRecomputeDue({ ...base, lastRunCreatedAt: at("2026-01-14T07:05:00Z") })).toBe(true);
    expect(isNightlyRecomputeDue({ ...base, lastRunCreatedAt: at("2026-01-15T06:59:59Z") })).toBe(true);
  });

  it("is not due once a run (of any trigger) exists since the slot", () => {
    expect(isNightlyRecomputeDue({ ...base, lastRunCreatedAt: at("2026-01-15T07:00:00Z") })).toBe(false);
    expect(isNightlyRecomputeDue({ ...base, lastRunCreatedAt: at("2026-01-15T07:15:00Z") })).toBe(false);
  });

  it("is not due before the slot when last night's run happened", () => {
    expect(
      isNightlyRecomputeDue({ now: at("2026-01-15T06:45:00Z"), timeZone: "America/New_York", schedule: on, lastRunCreatedAt: at("2026-01-14T07:01:00Z") }),
    ).toBe(false);
  });

  it("respects a custom time and a disabled schedule", () => {
    const custom = { enabled: true, time: "23:30" };
    // 02:20 New York: the 23:30 slot was yesterday evening (04:30Z today).
    expect(isNightlyRecomputeDue({ ...base, schedule: custom, lastRunCreatedAt: at("2026-01-15T04:29:00Z") })).toBe(true);
    expect(isNightlyRecomputeDue({ ...base, schedule: custom, lastRunCreatedAt: at("2026-01-15T04:31:00Z") })).toBe(false);
    expect(isNightlyRecomputeDue({ ...base, schedule: { enabled: false, time: "02:00" }, lastRunCreatedAt: null })).toBe(false);
  });
});
