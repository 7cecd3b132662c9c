import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalTimeZone, parseAmount, parseBoolean, parseTimestamp } from "./parse-values.ts";

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : `ERR ${p.reason}`);

describe("parseTimestamp", () => {
  it.each([
    ["2024-03-05", "2024-03-05T00:00:00.000"],
    ["20240305", "2024-03-05T00:00:00.000"],
    ["2024/03/05", "2024-03-05T00:00:00.000"],
    ["2024-03-05 14:30", "2024-03-05T14:30:00.000"],
    ["2024-03-05T14:30:15.123456", "2024-03-05T14:30:15.123"],
    ["2024-03-05T14:30:00Z", "2024-03-05T14:30:00.000Z"],
    ["2024-03-05T14:30:00+01:00", "2024-03-05T13:30:00.000Z"],
    ["2024-03-05T14:30:00-0530", "2024-03-05T20:00:00.000Z"],
    ["2024-03-05 14:30:00 UTC", "2024-03-05T14:30:00.000Z"],
    ["1709649000", "2024-03-05T14:30:00.000Z"],
    ["1709649000000", "2024-03-05T14:30:00.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(value(parseTimestamp(input))).toBe(expected);
  });

  it("reads JSON numbers as Unix seconds or milliseconds by magnitude", () => {
    expect(value(parseTimestamp(1709649000))).toBe("2024-03-05T14:30:00.000Z");
    expect(value(parseTimestamp(1709649000000))).toBe("2024-03-05T14:30:00.000Z");
  });

  it.each([
    ["2024-02-30", "is not a real calendar date"],
    ["2023-02-29", "is not a real calendar date"],
    ["2024-13-01", "is not a real calendar date"],
    ["2024-03-05T24:00:00", "has an invalid time of day"],
    ["03/04/2024", "is ambiguous (day and month order unknown); use YYYY-MM-DD"],
    ["1850-01-01", "is out of range (years 1900–2100)"],
    ["yesterday", "is not a recognised date; use YYYY-MM-DD or ISO 8601 (2024-03-05T14:30:00+01:00)"],
  ])("rejects %s", (input, reason) => {
    expect(value(parseTimestamp(input))).toBe(`ERR ${reason}`);
  });

  it("agrees with the platform's ISO parser for any instant with an offset", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (instant, offsetMinutes) => {
          // Write the instant as wall-clock time at the offset, as an exporter would.
          const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? "-" : "+";
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(value(parseTimestamp(text))).toBe(new Date(Date.parse(text)).toISOString());
        },
      ),
    );
  });
});

describe("parseAmount", () => {
  it.each([
    [12.5, "12.5"],
    ["0049.90", "49.90"],
    ["0", "0"],
    [0, "0"],
    ["1234567.891", "1234567.891"],
  ])("%s → %s", (input, expected) => {
    expect(value(parseAmount(input))).toBe(expected);
  });

  it.each([
    ["-1", "must be 0 or more"],
    ["12,50", "is not a number (use digits with an optional decimal point, e.g. 1234.50)"],
    ["abc", "is not a number (use digits with an optional decimal point, e.g. 1234.50)"],
    ["1000000000000", "is too large (at most 999,999,999,999.99)"],
  ])("rejects %s", (input, reason) => {
    expect(value(parseAmount(input))).toBe(`ERR ${reason}`);
  });
});

describe("parseBoolean and canonicalTimeZone", () => {
  it("reads the usual spellings of yes and no", () => {
    for (const t of ["true", "TRUE", "yes", "Y", "1", "on", true, 1]) expect(value(parseBoolean(t))).toBe(true);
    for (const f of ["false", "No", "n", "0", "off", false, 0]) expect(value(parseBoolean(f))).toBe(false);
    expect(value(parseBoolean("maybe"))).toMatch(/^ERR/);
    expect(value(parseBoolean(2))).toMatch(/^ERR/);
  });

  it("canonicalises IANA zone names and refuses unknown ones", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
  });
});
