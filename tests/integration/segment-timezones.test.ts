import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { addDays, isValidTimeZone, startOfDayInZone } from "../../lib/segments/date-values.ts";

/**
 * The evaluator finds where a calendar day starts with the JavaScript time-zone
 * database; the compiled SQL asks Postgres (`date::timestamp AT TIME ZONE`).
 * They must agree on every day, including days whose midnight is skipped or
 * repeated by a clock change.
 */
const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "America/Havana", // DST starts at midnight (the day begins at 01:00)
  "America/Santiago", // clocks change at midnight
  "America/Asuncion",
  "Asia/Beirut", // DST starts at midnight
  "Atlantic/Azores", // DST ends at 01:00 back to midnight: midnight happens twice
  "America/Sao_Paulo", // midnight DST until 2019
  "Australia/Lord_Howe", // 30-minute DST
  "Asia/Tehran",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
];

describe("calendar days in the workspace time zone", () => {
  it("start at the same instant in JavaScript and in Postgres, every day 2018-2026", async () => {
    const days: string[] = [];
    for (let d = { year: 2018, month: 1, day: 1 }; d.year < 2027; d = addDays(d, 1)) {
      days.push(`${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`);
    }
    let compared = 0;
    for (const zone of ZONES) {
      expect(isValidTimeZone(zone)).toBe(true);
      const res = await pool.query<{ day: string; starts: Date }>(
        `SELECT d::text AS day, (d::timestamp AT TIME ZONE $2) AS starts FROM unnest($1::date[]) AS d`,
        [days, zone],
      );
      const mismatches = res.rows.filter((row) => {
        const [year, month, day] = row.day.split("-").map(Number) as [number, number, number];
        return startOfDayInZone({ year, month, day }, zone) !== row.starts.getTime();
      });
      expect(mismatches.map((m) => `${zone} ${m.day}`)).toEqual([]);
      compared += res.rows.length;
    }
    expect(compared).toBe(ZONES.length * days.length);
  });

  it("refuses offset strings that Postgres would read with the sign inverted", () => {
    expect(isValidTimeZone("+05:00")).toBe(false);
    expect(isValidTimeZone("UTC+5")).toBe(false);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
  });
});
