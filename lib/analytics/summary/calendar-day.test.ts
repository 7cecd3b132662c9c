import { describe, expect, it } from "vitest";
import { formatCalendarDay, parseCalendarDay } from "./calendar-day.ts";

describe("parseCalendarDay", () => {
  it("reads the three accepted spellings of one date as the same day", () => {
    const day = parseCalendarDay("2015-02-07");
    expect(day).toBe(16473); // 2015-02-07 is 16,473 days after 1970-01-01
    expect(parseCalendarDay("20150207")).toBe(day);
    expect(parseCalendarDay("2015-02-07T23:59:59-08:00")).toBe(day);
    expect(parseCalendarDay("2015-02-07 01:00:00")).toBe(day);
    expect(parseCalendarDay(" 2015-02-07 ")).toBe(day);
  });

  it("rejects dates that do not exist and other text", () => {
    for (const bad of ["2015-02-29", "2015-13-01", "2015-00-10", "20150230", "07/02/2015", "2015-2-7", "", "tomorrow"]) {
      expect(parseCalendarDay(bad), bad).toBeNull();
    }
    expect(parseCalendarDay("2016-02-29")).not.toBeNull();
  });

  it("round-trips through formatCalendarDay, including early years", () => {
    for (const text of ["1970-01-01", "1999-12-31", "2000-02-29", "2038-01-19", "0050-06-15"]) {
      expect(formatCalendarDay(parseCalendarDay(text)!)).toBe(text);
    }
  });
});
