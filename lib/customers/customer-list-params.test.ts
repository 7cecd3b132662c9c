import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listSearchParams, parseCustomerListParams } from "./customer-list-params.ts";

describe("customers list URL parameters", () => {
  it("reads filters and sort, upper-cases the country, and ignores empty parameters", () => {
    const p = parseCustomerListParams({ segment: "12", rfm: " At risk ", churn: "high", country: "de", sort: "revenue", dir: "asc", q: "" });
    expect(p.problems).toEqual([]);
    expect(p.filters).toEqual({ segmentId: 12, rfmSegment: "At risk", churnBand: "high", country: "DE" });
    expect([p.sort, p.direction]).toEqual(["revenue", "asc"]);
    expect(parseCustomerListParams({ segment: "", country: "" }).filters).toEqual({ segmentId: undefined, rfmSegment: undefined, churnBand: undefined, country: undefined });
  });

  it("names every parameter it cannot use, in words", () => {
    const p = parseCustomerListParams({ segment: "abc", churn: "severe", country: "Germany", sort: "height", q: "a\u0000b" });
    expect(Object.fromEntries(p.problems.map((x) => [x.path, x.message]))).toEqual({
      q: "The search text must not contain NUL characters (\\u0000).",
      segment: "Segment must be a segment id (digits).",
      churn: "Churn band must be low, medium or high.",
      country: "Country must be a two-letter country code (ISO 3166-1, e.g. DE).",
      sort: "Sort must be one of newest, email, orders, revenue, last_order, clv, p_alive.",
    });
  });

  it("keeps a well-formed segment id beside other parameters' problems (so a foreign segment can still be a 404)", () => {
    const p = parseCustomerListParams({ segment: "18", churn: "18", country: "18" });
    expect(p.filters).toEqual({ segmentId: 18 });
    expect(p.problems.map((x) => x.path)).toEqual(["churn", "country"]);
    expect(parseCustomerListParams({ segment: "abc", churn: "18" }).filters).toEqual({});
  });

  it("round-trips a cursor, refuses one from another sort, and drops a malformed one on the page", () => {
    const c = encodeCursor({ part: "v", value: "0.30000000000000004", id: 42n });
    expect(decodeCursor("clv", c)).toEqual({ part: "v", value: "0.30000000000000004", id: 42n });
    expect(decodeCursor("orders", c)).toBeNull();
    expect(decodeCursor("newest", c)).toBeNull();
    expect(decodeCursor("clv", "not-a-cursor")).toBeNull();
    expect(decodeCursor("clv", encodeCursor({ part: "v", value: "1", id: 2n ** 63n }))).toBeNull();
    expect(parseCustomerListParams({ sort: "clv", after: "garbage" }).after).toBeUndefined();
  });

  it("keeps only non-default parameters in links", () => {
    const p = parseCustomerListParams({ sort: "email", dir: "asc", country: "fr" });
    expect(listSearchParams(p).toString()).toBe("country=FR&sort=email");
  });
});
