import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.ts";

describe("Retry-After", () => {
  const now = new Date("2026-12-04T12:00:00Z");

  it("reads seconds and HTTP dates as milliseconds from now", () => {
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("Fri, 04 Dec 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 04 Dec 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores an absent or unreadable header", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
});
